import type { FastifyReply, FastifyRequest } from 'fastify'
import { isPromiseLike } from '../shared/is-promise-like.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { compilePlan, type DependencyPlan, type PlanSource } from './compile-plan.js'
import { RequestCleanup } from './request-cleanup.js'
import { depsFrom, solvePlan } from './solve.js'
import type { DependsState } from './state.js'
import type { RouteUse } from './types.js'
import { kRouteCheck } from '../shared/symbols.js'

/** A route's plan, and the one for the current dependency overrides. */
export interface RoutePlans {
  readonly base: DependencyPlan
  current (): DependencyPlan
  /** Recompiles for the current overrides; throws what a mistaken override causes (a cycle, a scope). */
  refresh (): void
}

/**
 * A route's plans, compiled at registration; `route` (the route as its dependencies' route
 * checks see it) runs those checks on the base plan.
 */
export function compileRoutePlans (source: PlanSource, state: DependsState, route?: RouteUse): RoutePlans {
  const base = compilePlan(source)
  if (route !== undefined) {
    for (const step of base.steps) step.definition[kRouteCheck]?.(route)
  }
  state.app.want(base.appDefinitions)
  let overridden: { version: number, plan: DependencyPlan } | undefined
  const plans: RoutePlans = {
    base,
    current () {
      const { overrides } = state
      if (overrides.size === 0) return base
      if (overridden?.version !== overrides.version) plans.refresh()
      return (overridden as { plan: DependencyPlan }).plan
    },
    refresh () {
      const { overrides } = state
      overridden = overrides.size === 0 ? undefined : { version: overrides.version, plan: compilePlan({ ...source, overrides: overrides.lookup }) }
    },
  }
  state.routes.add(plans)
  return plans
}

/** What runs once the dependencies are solved: the route's own inputs and the handler. */
export type AfterDependencies = (deps: Record<string, unknown>, errors: ValidationErrorItem[], request: FastifyRequest, reply: FastifyReply) => unknown
/**
 * How a route answers with its handler's value, still in reach of the generators (a response
 * that fails its model is an error they see). `send` does it in one step; a request with
 * function-scoped cleanups takes two, as FastAPI does: `prepare` (the response model's
 * validation and serialization), the cleanups, then `sendPrepared`.
 */
export interface Finish {
  /**
   * Answers with the handler's value. A FastAPI-style route's sends it and returns a promise
   * while it still sends (a stream), else nothing: never the reply, a thenable that whatever
   * settles with it waits on. A plain Fastify route's returns the value, for Fastify to send.
   */
  send (result: unknown, request: FastifyRequest, reply: FastifyReply): unknown
  prepare (result: unknown, request: FastifyRequest, reply: FastifyReply): unknown
  sendPrepared (prepared: unknown, request: FastifyRequest, reply: FastifyReply): unknown
}

/**
 * Runs a request through a route's dependencies: reads its form first when the route or a
 * dependency declares one (FastAPI reads it before solving), solves the plan (sync
 * dependencies are not awaited), hands their values to `next`, and sees to the cleanups:
 * function-scoped ones once the handler's value went through the response model, before it
 * is sent; request-scoped ones when the response is over; and both with the error when
 * anything throws, before the error response. A plan with no generator, its app ready, runs
 * without a promise of its own: sync all the way when every dependency and the handler are
 * (an error is then thrown, not rejected).
 */
export function runWithDependencies (
  plans: RoutePlans,
  state: DependsState,
  request: FastifyRequest,
  reply: FastifyReply,
  next: AfterDependencies,
  finish?: Finish,
): unknown {
  const plan = plans.current()
  if (plan.form === null) return runPlan(plan, state, request, reply, next, finish)
  // The form's values take the body's place: every form field of the route and its dependencies is read from them.
  const form = plan.form(request, reply)
  if (isPromiseLike(form)) {
    return Promise.resolve(form).then((values) => {
      request.body = values
      return runPlan(plan, state, request, reply, next, finish)
    })
  }
  request.body = form
  return runPlan(plan, state, request, reply, next, finish)
}

function runPlan (
  plan: DependencyPlan,
  state: DependsState,
  request: FastifyRequest,
  reply: FastifyReply,
  next: AfterDependencies,
  finish: Finish | undefined,
): unknown {
  if (plan.hasCleanup || !state.app.isReady(plan)) return runWithCleanup(plan, state, request, reply, next, finish)
  const errors: ValidationErrorItem[] = []
  const values = solvePlan(plan, { request, reply, errors, cleanup: null, appValues: state.app.values })
  if (isPromiseLike(values)) return (values as Promise<unknown[]>).then((settled) => afterSolved(plan, settled, errors, request, reply, next, finish))
  return afterSolved(plan, values, errors, request, reply, next, finish)
}

function afterSolved (
  plan: DependencyPlan, values: unknown[], errors: ValidationErrorItem[],
  request: FastifyRequest, reply: FastifyReply, next: AfterDependencies, finish: Finish | undefined,
): unknown {
  const result = next(depsFrom(plan, values), errors, request, reply)
  // A handler that returns the reply (a thenable too) is answering by itself: don't wait for it.
  if (result !== reply && isPromiseLike(result)) return finish === undefined ? result : Promise.resolve(result).then((value) => finish.send(value, request, reply))
  return finish === undefined ? result : finish.send(result, request, reply)
}

async function runWithCleanup (
  plan: DependencyPlan,
  state: DependsState,
  request: FastifyRequest,
  reply: FastifyReply,
  next: AfterDependencies,
  finish?: Finish,
): Promise<unknown> {
  // An overridden plan may bring app-scoped dependencies that did not exist at startup.
  if (!state.app.isReady(plan)) await state.app.ensure(plan.appDefinitions)
  const cleanup = plan.hasCleanup ? new RequestCleanup(reply) : null
  try {
    const errors: ValidationErrorItem[] = []
    let values = solvePlan(plan, { request, reply, errors, cleanup, appValues: state.app.values })
    if (isPromiseLike(values)) values = await values
    let result = next(depsFrom(plan, values), errors, request, reply)
    // A handler that returns the reply (a thenable too) is answering by itself: don't wait for it.
    if ((result as unknown) !== reply && isPromiseLike(result)) result = await result
    // A response that fails its model is an error the generators see (a rollback), as in FastAPI.
    let sent: unknown
    if (finish === undefined) {
      // A plain Fastify route: Fastify serializes and sends what the handler returned.
      if (cleanup !== null) await cleanup.handlerReturned()
      return result
    } else if (cleanup?.hasFunctionCleanup === true) {
      // FastAPI's order: the response model, then the function-scoped cleanups (a commit that
      // fails answers in place of the response), then the response goes out.
      const prepared = finish.prepare(result, request, reply)
      // The value is JSON now: not held through the cleanups' round trips (a COMMIT), it dies young.
      result = undefined
      await cleanup.handlerReturned()
      sent = finish.sendPrepared(prepared, request, reply)
    } else {
      sent = finish.send(result, request, reply)
    }
    // A stream (a native promise, unlike the thenable reply) is waited for: a generator handler
    // still uses what its dependencies gave until it stops, so they clean up after it.
    return sent instanceof Promise ? await sent : sent
  } catch (error) {
    throw cleanup === null ? error : await cleanup.handlerThrew(error)
  } finally {
    cleanup?.settled()
  }
}

