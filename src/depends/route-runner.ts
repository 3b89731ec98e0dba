import type { FastifyReply, FastifyRequest } from 'fastify'
import { isPromiseLike } from '../is-promise-like.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { compilePlan, type DependencyPlan, type PlanSource } from './compile-plan.js'
import { RequestCleanup } from './request-cleanup.js'
import { depsFrom, solvePlan } from './solve.js'
import type { DependsState } from './state.js'

/** A route's plan, and the one for the current dependency overrides, compiled once per version. */
export interface RoutePlans {
  readonly base: DependencyPlan
  current (): DependencyPlan
}

export function compileRoutePlans (source: PlanSource, state: DependsState): RoutePlans {
  const base = compilePlan(source)
  state.app.want(base.appDefinitions)
  let overridden: { version: number, plan: DependencyPlan } | undefined
  return {
    base,
    current () {
      const { overrides } = state
      if (overrides.size === 0) return base
      if (overridden?.version !== overrides.version) {
        overridden = { version: overrides.version, plan: compilePlan({ ...source, overrides: overrides.lookup }) }
      }
      return overridden.plan
    },
  }
}

/** What runs once the dependencies are solved: the route's own inputs, the handler, the response. */
export type AfterDependencies = (deps: Record<string, unknown>, errors: ValidationErrorItem[]) => unknown

/**
 * Runs a request through a route's dependencies: solves the plan (sync dependencies are not
 * awaited), hands their values to `next`, and sees to the cleanups: function-scoped ones when
 * the handler returns, request-scoped ones when the response is over, and both with the
 * error when anything throws, before the error response.
 */
export async function runWithDependencies (
  plans: RoutePlans,
  state: DependsState,
  request: FastifyRequest,
  reply: FastifyReply,
  next: AfterDependencies,
): Promise<unknown> {
  const plan = plans.current()
  const cleanup = plan.hasCleanup ? new RequestCleanup(reply) : null
  try {
    const errors: ValidationErrorItem[] = []
    let values = solvePlan(plan, { request, reply, errors, cleanup, appValues: state.app.values })
    if (isPromiseLike(values)) values = await values
    let result = next(depsFrom(plan, values), errors)
    // A handler that returns the reply (a thenable too) is answering by itself: don't wait for it.
    if ((result as unknown) !== reply && isPromiseLike(result)) result = await result
    if (cleanup !== null) await cleanup.handlerReturned()
    return result
  } catch (error) {
    throw cleanup === null ? error : await cleanup.handlerThrew(error)
  } finally {
    cleanup?.settled()
  }
}

