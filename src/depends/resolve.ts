import type { FastifyBaseLogger } from 'fastify'
import { FFA_ERR_DEP_SCOPE } from '../shared/codes.js'
import { isPromiseLike } from '../shared/is-promise-like.js'
import { consoleLog } from '../shared/constants.js'
import { CleanupStack } from './cleanup.js'
import type { AppScope } from './app-scope.js'
import { compilePlan, type DependencyPlan } from './compile-plan.js'
import type { Dependency, DependencyDefinition } from './dependency.js'
import type { DependencyOverrides } from './overrides.js'
import { depsFrom, solvePlan } from './solve.js'
import type { DepsDeclaration } from './types.js'

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
  const owner = `resolve(${dependency.name})`
  const plan = compilePlan({ owner, dependencies: [], deps: { value: dependency }, overrides: options.overrides?.lookup })
  refuseRequestReaders(plan, owner)
  const cleanup = new CleanupStack((options.log ?? consoleLog) as FastifyBaseLogger)
  const values = await solveOutside(plan, cleanup, undefined)
  const [, slot] = plan.deps[0] as readonly [string, number]
  return { value: values[slot] as TValue, cleanup }
}

// Outside a request, nothing may read one.
function refuseRequestReaders (plan: DependencyPlan, owner: string): void {
  for (const step of plan.steps) {
    if (step.definition.readsRequest) {
      throw new FFA_ERR_DEP_SCOPE(owner, `the dependency "${step.definition.name}" reads the request (params, query, headers, cookies, body or form), and there is no request here: override it with a fixed value.`)
    }
    if (step.definition.options.securityScheme !== undefined) {
      throw new FFA_ERR_DEP_SCOPE(owner, `the dependency "${step.definition.name}" is a security scheme, which reads the request's credentials, and there is no request here: override it with a fixed value.`)
    }
  }
}

// Without the app's values, app-scoped dependencies are made for this use, as at startup.
async function solveOutside (plan: DependencyPlan, cleanup: CleanupStack, appValues: ReadonlyMap<DependencyDefinition, unknown> | undefined): Promise<unknown[]> {
  try {
    const solved = solvePlan(plan, { request: undefined, reply: undefined, errors: [], cleanup: { stackFor: () => cleanup }, appValues, startingApp: appValues === undefined })
    return isPromiseLike(solved) ? await solved : solved
  } catch (error) {
    throw await cleanup.throwInto(error)
  }
}

/** The app's dependency state that work outside a request (a job) shares with its routes. */
export interface AppDependencies {
  overrides: DependencyOverrides
  app: AppScope
}

/** Dependencies set up outside a request, and the cleanup of what they set up. */
export interface OpenedDeps {
  deps: Record<string, unknown>
  cleanup: CleanupStack
}

/**
 * A `deps` declaration resolved outside any request (a job's), as the app's routes resolve
 * theirs: through the app's overrides, with the app-scoped values the app made at startup
 * (made now if the app has none yet). Compiled once, and again after the overrides change.
 */
export class DepsResolver {
  readonly #owner: string
  readonly #deps: DepsDeclaration
  readonly #app: AppDependencies | undefined
  #plan: DependencyPlan | undefined
  #version = -1

  constructor (owner: string, deps: DepsDeclaration, app: AppDependencies | undefined) {
    this.#owner = owner
    this.#deps = deps
    this.#app = app
    // Compiled now: a cycle or a dependency that reads the request is a registration error.
    this.#compile()
  }

  /** The app-scoped dependencies it uses, for the app to make at startup. */
  get appDefinitions (): readonly DependencyDefinition[] {
    return this.#compile().appDefinitions
  }

  /**
   * The dependencies set up; `undefined`, at once, when there are none (no cleanup to run
   * either): a job without dependencies waits for nothing.
   */
  open (log: FastifyBaseLogger): Promise<OpenedDeps> | undefined {
    const plan = this.#compile()
    // Fast path: nothing declared, nothing to set up or clean up.
    if (plan.steps.length === 0) return undefined
    return this.#openPlan(plan, log)
  }

  async #openPlan (plan: DependencyPlan, log: FastifyBaseLogger): Promise<OpenedDeps> {
    const cleanup = new CleanupStack(log)
    const scope = this.#app?.app
    if (scope !== undefined && !scope.isReady(plan)) await scope.ensure(plan.appDefinitions)
    const values = await solveOutside(plan, cleanup, scope?.values)
    return { deps: depsFrom(plan, values), cleanup }
  }

  #compile (): DependencyPlan {
    const overrides = this.#app?.overrides
    if (this.#plan !== undefined && (overrides === undefined || overrides.version === this.#version)) return this.#plan
    const plan = compilePlan({ owner: this.#owner, dependencies: [], deps: this.#deps, overrides: overrides?.lookup })
    refuseRequestReaders(plan, this.#owner)
    this.#plan = plan
    this.#version = overrides?.version ?? -1
    return plan
  }
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
