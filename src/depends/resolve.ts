import type { FastifyBaseLogger } from 'fastify'
import { FFA_ERR_DEP_SCOPE } from '../shared/codes.js'
import { isPromiseLike } from '../shared/is-promise-like.js'
import { consoleLog } from '../shared/constants.js'
import { CleanupStack } from './cleanup.js'
import { compilePlan } from './compile-plan.js'
import type { Dependency } from './dependency.js'
import type { DependencyOverrides } from './overrides.js'
import { solvePlan } from './solve.js'

export interface ResolveOptions {
  /** Swaps dependencies as in a request (a test's or a script's fakes). */
  overrides?: DependencyOverrides
  /** Where cleanup errors are logged; the console by default. */
  log?: Pick<FastifyBaseLogger, 'error'>
}

/** A dependency's value outside a request, and the cleanup of everything set up for it. */
export interface Resolved<TValue> {
  value: TValue
  /** Runs the code after every `yield`, last first. */
  close (): Promise<void>
}


/**
 * Resolves a dependency, with its sub-dependencies, outside any request: in a script, a
 * job or a test, so the app has one way to get a database or a client. Dependencies that
 * read the request (params, query, headers, cookies, body) cannot be resolved here.
 *
 * @example
 * const { value: db, close } = await resolve(getDb)
 * try { await db.migrate() } finally { await close() }
 */
export async function resolve<TValue> (dependency: Dependency<TValue>, options: ResolveOptions = {}): Promise<Resolved<TValue>> {
  const { value, cleanup } = await setUp(dependency, options)
  return { value, close: () => cleanup.close() }
}

async function setUp<TValue> (dependency: Dependency<TValue>, options: ResolveOptions): Promise<{ value: TValue, cleanup: CleanupStack }> {
  const plan = compilePlan({ owner: `resolve(${dependency.name})`, dependencies: [], deps: { value: dependency }, overrides: options.overrides?.lookup })
  for (const step of plan.steps) {
    if (step.definition.readsRequest) {
      throw new FFA_ERR_DEP_SCOPE(`resolve(${dependency.name})`, `the dependency "${step.definition.name}" reads the request (params, query, headers, cookies, body or form), and there is no request here: override it with a fixed value.`)
    }
    if (step.definition.options.securityScheme !== undefined) {
      throw new FFA_ERR_DEP_SCOPE(`resolve(${dependency.name})`, `the dependency "${step.definition.name}" is a security scheme, which reads the request's credentials, and there is no request here: override it with a fixed value.`)
    }
  }
  const cleanup = new CleanupStack((options.log ?? consoleLog) as FastifyBaseLogger)
  let values: unknown[]
  try {
    const solved = solvePlan(plan, { request: undefined, reply: undefined, errors: [], cleanup: { stackFor: () => cleanup }, appValues: undefined, startingApp: true })
    values = isPromiseLike(solved) ? await solved : solved
  } catch (error) {
    throw await cleanup.throwInto(error)
  }
  const [, slot] = plan.deps[0] as readonly [string, number]
  return { value: values[slot] as TValue, cleanup }
}

/**
 * Runs `use` with a dependency's value, then cleans up, also when `use` throws (which the
 * generators see, as in a request).
 */
export async function withDependency<TValue, TResult> (dependency: Dependency<TValue>, use: (value: TValue) => TResult | Promise<TResult>, options: ResolveOptions = {}): Promise<TResult> {
  const { value, cleanup } = await setUp(dependency, options)
  let result: TResult
  try {
    result = await use(value)
  } catch (error) {
    throw await cleanup.throwInto(error)
  }
  await cleanup.close()
  return result
}
