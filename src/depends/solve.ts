import type { FastifyReply, FastifyRequest } from 'fastify'
import { EMPTY } from '../shared/constants.js'
import { CallContext } from './call-context.js'
import { FFA_ERR_DEP_NOT_YIELDED, FFA_ERR_DEP_SCOPE } from '../shared/codes.js'
import { isPromiseLike } from '../shared/is-promise-like.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import type { RouteInputs } from '../inputs/request-inputs.js'
import type { DependencyDefinition } from './dependency.js'
import type { DependencyPlan, PlanStep } from './compile-plan.js'
import type { CleanupStack } from './cleanup.js'
import type { RequestCleanup } from './request-cleanup.js'

/** Where a plan is solved: a request, or a script (no request) with its own cleanup. */
export interface SolveContext {
  request: FastifyRequest | undefined
  reply: FastifyReply | undefined
  /** Validation errors of the dependencies' params, reported with the route's. */
  errors: ValidationErrorItem[]
  /** The stacks of the generators' cleanups: `null` for a plan without a generator to clean up (`hasCleanup`). */
  cleanup: Cleanups | null
  appValues: ReadonlyMap<DependencyDefinition, unknown> | undefined
  /** At startup, app-scoped dependencies are run, not read. */
  startingApp?: boolean
}

type Cleanups = Pick<RequestCleanup, 'stackFor'>

// The value of a dependency that could not run: its params failed, or a sub-dependency's did.
const FAILED = Symbol('failed dependency')

function notYielded (step: PlanStep): Error {
  return new FFA_ERR_DEP_NOT_YIELDED(step.definition.name)
}

// An app-scoped dependency's value, made at startup. While the app starts, one not made yet is run.
function appValue (step: PlanStep, context: SolveContext): unknown {
  const values = context.appValues
  if (values !== undefined && values.has(step.definition)) return values.get(step.definition)
  if (context.startingApp === true) return NOT_STARTED
  throw new FFA_ERR_DEP_SCOPE(`dependency ${step.definition.name}`, 'an app-scoped dependency is created when the app starts: register the depends plugin (or the fastapi preset) and let the app start (await app.ready()) before using it.')
}

const NOT_STARTED = Symbol('app-scoped dependency not started')

// A plan with a generator to clean up per request is solved with its stacks (`hasCleanup`).
function stackOf (step: PlanStep, context: SolveContext): CleanupStack {
  return (context.cleanup as Cleanups).stackFor(step.scope)
}

type AnyGenerator = Generator<unknown, unknown, unknown>
type AnyAsyncGenerator = AsyncGenerator<unknown, unknown, unknown>
type Call = (context: CallContext) => unknown

function runStep (step: PlanStep, values: unknown[], context: SolveContext): unknown {
  if (step.scope === 'app') {
    const value = appValue(step, context)
    if (value !== NOT_STARTED) return value
  }
  const { request } = context
  let inputs: RouteInputs | undefined
  if (step.readInputs !== null) {
    const before = context.errors.length
    inputs = step.readInputs(request as FastifyRequest, context.errors)
    // FastAPI does not call a dependency whose params failed; their errors are reported together.
    if (context.errors.length > before) return FAILED
  }
  // A dependency without sub-dependencies (most) shares the one empty object.
  let deps: Record<string, unknown> = EMPTY
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a new empty object reads as the shared one; this only saves it
  if (step.deps.length > 0) {
    deps = {}
    for (const [name, slot] of step.deps) {
      const value = values[slot]
      if (value === FAILED) return FAILED
      deps[name] = value
    }
  }
  const callContext = inputs === undefined
    ? new CallContext(request?.params ?? EMPTY, EMPTY, EMPTY, EMPTY, undefined, undefined, deps, step.securityScopes, request, context.reply)
    : new CallContext(inputs.params, inputs.query, inputs.headers, inputs.cookies, inputs.body, inputs.form, deps, step.securityScopes, request, context.reply)
  const call = step.definition.call as unknown as Call

  switch (step.kind) {
    case 'class':
      return new (call as unknown as new (context: CallContext) => unknown)(callContext)
    case 'generator': {
      const generator = call(callContext) as AnyGenerator
      const first = generator.next()
      if (first.done === true) throw notYielded(step)
      stackOf(step, context).push(generator, step.definition)
      return first.value
    }
    case 'asyncGenerator': {
      const generator = call(callContext) as AnyAsyncGenerator
      return generator.next().then((first) => {
        if (first.done === true) throw notYielded(step)
        stackOf(step, context).push(generator, step.definition)
        return first.value
      })
    }
    default:
      return call(callContext)
  }
}

function runFrom (plan: DependencyPlan, start: number, values: unknown[], context: SolveContext): unknown[] | Promise<unknown[]> {
  const { steps } = plan
  for (let index = start; index < steps.length; index++) {
    const value = runStep(steps[index] as PlanStep, values, context)
    // Fast path: a sync dependency's value is used as it is, never awaited.
    if (isPromiseLike(value)) {
      return Promise.resolve(value).then((settled) => {
        values[index] = settled
        return runFrom(plan, index + 1, values, context)
      })
    }
    values[index] = value
  }
  return values
}

/**
 * Runs a plan's steps in order and returns their values by slot; sync until a dependency
 * returns a promise. A dependency that throws (an HTTPException before `yield`) stops
 * everything; a dependency whose params fail is skipped, with its dependents, and its
 * errors are left in `context.errors`.
 */
export function solvePlan (plan: DependencyPlan, context: SolveContext): unknown[] | Promise<unknown[]> {
  // Stryker disable next-line ArrayDeclaration: equivalent, the length only saves growing the array
  return runFrom(plan, 0, new Array<unknown>(plan.steps.length), context)
}

/** The route's `deps` object, from the solved values. */
export function depsFrom (plan: DependencyPlan, values: readonly unknown[]): Record<string, unknown> {
  const deps: Record<string, unknown> = {}
  for (const [name, slot] of plan.deps) deps[name] = values[slot]
  return deps
}
