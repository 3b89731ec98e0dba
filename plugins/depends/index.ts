import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { inspect } from 'node:util'
import { handlerEnded } from '../../src/background/request-background.js'
import { AppScope } from '../../src/depends/app-scope.js'
import { isDependencyList, type Dependency } from '../../src/depends/dependency.js'
import { DependencyOverrides } from '../../src/depends/overrides.js'
import { declaresDependencies, keepSentInputs, markWrapped, plainRouteName, swapSentInputs, type PlainRouteDependencies } from '../../src/depends/plain-routes.js'
import { compileRoutePlans, runWithDependencies, type Finish } from '../../src/depends/route-runner.js'
import { earlyCheckHook, prependHook, type PreParsingHook } from '../../src/depends/early-checks.js'
import type { DependsState } from '../../src/depends/state.js'
import type { DepsDeclaration, DepsValues } from '../../src/depends/types.js'
import { FFA_ERR_DEPS_UNDECLARED, FFA_ERR_OPTION_INVALID } from '../../src/shared/codes.js'
import { ajvErrorsToItems } from '../../src/errors/ajv-errors.js'
import type { ValidationErrorItem } from '../../src/errors/validation-item.js'
import { validationErrorLimitAt } from '../../src/errors/validation-limit.js'
import { checkOptionsObject } from '../../src/shared/options.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { validationError } from '../../src/inputs/request-inputs.js'
import { kDeclaredDeps, kDependsState, kSentInputs } from '../../src/shared/symbols.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Swaps dependencies for tests, sub-dependencies included (FastAPI's
     * `app.dependency_overrides`): `set(original, override)`, `delete(original)`, `clear()`.
     */
    readonly dependencyOverrides: DependencyOverrides
  }
  interface FastifyRequest {
    /** The values of a plain Fastify route's `deps`; read them typed with `depsOf(request, deps)`. */
    deps: Record<string, unknown>
  }
  interface RouteShorthandOptions {
    /** Dependencies whose values arrive in `request.deps` (the depends plugin). */
    deps?: DepsDeclaration
    /** Dependencies run for their side effects before the handler (the depends plugin). */
    dependencies?: Dependency<unknown>[]
  }
}

export interface DependsOptions {
  /** App-level dependencies, run for their side effects before every route's handler (FastAPI's `FastAPI(dependencies=[...])`). */
  dependencies?: Dependency<unknown>[]
}

const PLUGIN = 'fastify-fastapi/depends'

function resolveDependsOptions (opts: DependsOptions | undefined): Required<DependsOptions> {
  const { dependencies = [] } = checkOptionsObject(PLUGIN, opts, ['dependencies']) as DependsOptions
  if (!isDependencyList(dependencies)) {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'dependencies', `must be an array of dependencies made with Depends(fn); got ${inspect(dependencies, { depth: 1 })}`)
  }
  return { dependencies }
}

/**
 * The values of a plain Fastify route's `deps`, typed: `depsOf(request, deps).user`.
 * Fastify's route types cannot carry them from the options to the handler, so this checks at
 * run time that the route declared each of `deps` (the same dependency under the same name):
 * otherwise the types would promise a value that is not there (FFA_ERR_DEPS_UNDECLARED).
 */
export function depsOf<TDeps extends DepsDeclaration> (request: FastifyRequest, deps: TDeps): DepsValues<TDeps> {
  const declared = (request as unknown as Record<symbol, DepsDeclaration | null>)[kDeclaredDeps]
  for (const name in deps) {
    if (declared?.[name]?.definition !== deps[name]?.definition) throw undeclared(request, name, deps, declared ?? null)
  }
  return request.deps as DepsValues<TDeps>
}

function undeclared (request: FastifyRequest, name: string, given: DepsDeclaration, declared: DepsDeclaration | null): Error {
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`
  const names = Object.keys(declared ?? {})
  const onRoute = declared?.[name]
  return new FFA_ERR_DEPS_UNDECLARED(route, onRoute === undefined
    ? `the route declares no dep '${name}' (${names.length === 0 ? 'it declares no deps' : `its deps: ${names.join(', ')}`})`
    : `deps.${name} is ${onRoute.name} on the route, but ${given[name]?.name} here`)
}

// Plain Fastify routes with `deps` or `dependencies`: their handler runs behind the dependencies.
function wrapPlainRoute (routeOptions: RouteOptions, state: DependsState, instance: FastifyInstance): void {
  const { deps, dependencies } = routeOptions as RouteOptions & PlainRouteDependencies
  const owner = `route ${plainRouteName(routeOptions)}`
  const methods = (Array.isArray(routeOptions.method) ? routeOptions.method : [routeOptions.method]).map((method) => method.toUpperCase())
  const plans = compileRoutePlans({
    owner,
    dependencies: [...state.dependencies, ...(dependencies ?? [])],
    deps: deps ?? {},
    errorLimit: validationErrorLimitAt(instance),
  }, state, { owner, methods, instance })
  // FastAPI's order: the dependencies answer before the route's own inputs are judged (an
  // auth check's 401, not a 422 that shows the schema to a stranger), and their 422 items
  // come first. Fastify validates before the handler, so it attaches its error instead of
  // sending it, and the dependencies throw it. A route that asked for `attachValidation`
  // reads the error itself. The dependencies read the inputs as sent (`keepSentInputs`).
  // Security schemes refuse a request without credentials before its body is read.
  const checkBeforeBody = earlyCheckHook(plans, routeOptions.method)
  if (checkBeforeBody !== null) routeOptions.preParsing = prependHook(checkBeforeBody, routeOptions.preParsing as PreParsingHook | PreParsingHook[] | undefined) as RouteOptions['preParsing']
  const validates = hasRequestSchema(routeOptions.schema)
  const answersValidation = validates && routeOptions.attachValidation !== true
  if (answersValidation) routeOptions.attachValidation = true
  if (validates) {
    const dependencyReadsBody = plans.base.steps.some((step) => step.definition.options.body !== undefined)
    routeOptions.preValidation = prependHook(keepSentInputs(dependencyReadsBody), routeOptions.preValidation)
  }
  const handler = routeOptions.handler
  const declared = deps ?? {}
  const next = (values: Record<string, unknown>, errors: ValidationErrorItem[], request: FastifyRequest, reply: FastifyReply): unknown => {
    if (validates) swapSentInputs(request)
    const schemaError = answersValidation ? request.validationError : undefined
    if (schemaError !== undefined) throw errors.length === 0 ? schemaError : validationError([...errors, ...ajvErrorsToItems(schemaError.validation, schemaError.validationContext, request)], request)
    if (errors.length > 0) throw validationError(errors, request)
    request.deps = values
    ;(request as unknown as Record<symbol, DepsDeclaration>)[kDeclaredDeps] = declared
    const result = handler.call(request.server, request, reply)
    // A handler that sends with `reply` and returns nothing: wait for its answer.
    return result === undefined ? reply : result
  }
  const handlerWithDependencies = async function handlerWithDependencies (request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (validates) swapSentInputs(request)
    try {
      return await runWithDependencies(plans, state, request, reply, next, handlerReturnedFinish)
    } catch (error) {
      handlerEnded(request, true)
      throw error
    }
  }
  routeOptions.handler = handlerWithDependencies
  markWrapped(routeOptions, { handler, plan: plans.base })
  if (!answersValidation) return
  // An invalid request is answered before the route's own preHandler hooks, which may count
  // on a valid body as they would without `attachValidation`. A valid one passes for free.
  const answerInvalid = function answerInvalid (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    if (request.validationError === undefined) return done()
    handlerWithDependencies(request, reply).then(() => done(), done)
  }
  routeOptions.preHandler = prependHook(answerInvalid, routeOptions.preHandler)
}

// Tasks a dependency added wait for the handler, as on FastAPI-style routes. Fastify sends
// what the handler returned: there is nothing to prepare before the function-scoped cleanups.
function handlerReturned (result: unknown, request: FastifyRequest): unknown {
  handlerEnded(request, false)
  return result
}
const handlerReturnedFinish: Finish = { send: handlerReturned, prepare: (result) => result, sendPrepared: handlerReturned }

// The parts of a request Fastify validates (`query` is Fastify's alias of `querystring`).
function hasRequestSchema (schema: FastifySchema | undefined): boolean {
  if (schema === undefined) return false
  const { body, querystring, query, params, headers } = schema as FastifySchema & { query?: unknown }
  return body !== undefined || querystring !== undefined || query !== undefined || params !== undefined || headers !== undefined
}

async function depends (app: FastifyInstance, opts: DependsOptions): Promise<void> {
  const options = resolveDependsOptions(opts)
  if (registeredBefore(app, PLUGIN, opts)) return
  const state: DependsState = { overrides: new DependencyOverrides(), app: new AppScope(), dependencies: options.dependencies, routes: new Set() }
  // A mistaken override (a cycle, a scope) throws from `set`, naming the route it breaks.
  state.overrides.listen(() => { for (const plans of state.routes) plans.refresh() })

  app.decorate(kDependsState, state)
  app.decorate('dependencyOverrides', { getter: () => state.overrides })
  // null, not an object: a decorator's object would be shared by every request.
  app.decorateRequest('deps', null as unknown as Record<string, unknown>)
  app.decorateRequest(kSentInputs, null)
  app.decorateRequest(kDeclaredDeps, null)

  app.addHook('onRoute', function wrapDependencies (this: FastifyInstance, routeOptions) {
    if (declaresDependencies(routeOptions)) wrapPlainRoute(routeOptions, state, this)
  })
  // FastAPI's lifespan: app-scoped dependencies start with the app and close with it.
  app.addHook('onReady', async () => {
    await state.app.start(app.log, state.overrides.lookup)
  })
  app.addHook('onClose', async () => { await state.app.close() })
}

/**
 * FastAPI's dependency injection: `Depends`, sub-dependencies, a per-request cache,
 * cleanup after the response, overrides for tests, app-scoped dependencies. FastAPI-style
 * routes take `deps`; with this plugin, plain Fastify routes do too.
 */
export const fastapiDepends = fp(depends, { fastify: '5.x', name: 'fastify-fastapi/depends' })
export default fastapiDepends

export { Depends, Security, Dependency, type DependencyUseOptions } from '../../src/depends/dependency.js'
export { SecurityScopes } from '../../src/depends/security-scopes.js'
export { DependencyOverrides, type DependencyOverride } from '../../src/depends/overrides.js'
export { resolve, withDependency, type ResolveOptions, type Resolved } from '../../src/depends/resolve.js'
export type {
  DeclaredError, DependencyContext, DependencyOptions, DependencyScope, DependencyValue, DepsDeclaration, DepsValues,
} from '../../src/depends/types.js'
