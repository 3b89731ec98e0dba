import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { kDependsGuard, kPlainDependencies, kRouteDescription, kSentInputs } from '../shared/symbols.js'
import type { DependencyPlan } from './compile-plan.js'
import type { Dependency } from './dependency.js'
import { dependsPluginMissing, dependsStateOf } from './state.js'
import type { DepsDeclaration } from './types.js'

/** What a plain Fastify route declares for the depends plugin. */
export interface PlainRouteDependencies {
  deps?: DepsDeclaration
  dependencies?: Dependency<unknown>[]
}

/** What the depends plugin keeps on a plain route it wrapped: the route's own handler and its plan. */
export interface WrappedPlainRoute {
  handler: (...args: never[]) => unknown
  plan: DependencyPlan
}

/** Keeps, on the route's `config`, what the docs read of a plain route the depends plugin wrapped. */
export function markWrapped (routeOptions: RouteOptions, wrapped: WrappedPlainRoute): void {
  routeOptions.config = { ...routeOptions.config, [kPlainDependencies]: wrapped } as RouteOptions['config']
}

/** The handler and plan of a plain route the depends plugin wrapped; `undefined` otherwise. */
export function wrappedPlainRouteOf (routeOptions: RouteOptions): WrappedPlainRoute | undefined {
  return (routeOptions.config as Record<symbol, WrappedPlainRoute | undefined> | undefined)?.[kPlainDependencies]
}

/** A plain Fastify route's name in messages: `GET|HEAD /items`. */
export function plainRouteName (routeOptions: RouteOptions): string {
  const methods = Array.isArray(routeOptions.method) ? routeOptions.method.join('|') : routeOptions.method
  return `${methods} ${routeOptions.url}`
}

/** Whether a plain Fastify route (not one this package compiled) declares `deps` or `dependencies`. */
export function declaresDependencies (routeOptions: RouteOptions): boolean {
  if ((routeOptions.config as Record<symbol, unknown> | undefined)?.[kRouteDescription] !== undefined) return false
  const { deps, dependencies } = routeOptions as RouteOptions & PlainRouteDependencies
  return deps !== undefined || (dependencies?.length ?? 0) > 0
}

/**
 * Refuses, at registration, a plain Fastify route with `deps` or `dependencies` in a scope
 * the depends plugin does not reach (not registered, or only in a sibling scope): Fastify
 * would accept the unknown options and the handler would find no `request.deps`. Every
 * plugin of ours calls this, so the app only has to have one of them; one hook per scope.
 */
export function refusePlainDependenciesWithoutPlugin (app: FastifyInstance): void {
  if (kDependsGuard in app) return
  app.decorate(kDependsGuard, true)
  app.addHook('onRoute', function refuseWithoutDepends (this: FastifyInstance, routeOptions) {
    if (dependsStateOf(this) === undefined && declaresDependencies(routeOptions)) throw dependsPluginMissing(plainRouteName(routeOptions))
  })
}

type Inputs = [query: unknown, params: unknown, body: unknown]
type WithSentInputs = FastifyRequest & { [kSentInputs]: Inputs | null }

/**
 * A preValidation hook: keeps the query, params and body as the client sent them. A
 * validator may replace them (fastify-type-provider-zod's gives zod's output, stripped of
 * the keys its schema does not name) or change them in place (Fastify's Ajv coerces `"5"`
 * to `5`), yet a dependency declares and reads its own inputs from the request as sent, as
 * in FastAPI. The query and params are copied (a few keys); the body only when a dependency
 * reads it (`copyBody`). Headers are merged, never replaced.
 */
export function keepSentInputs (copyBody: boolean) {
  return function keepSentInputs (request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
    (request as WithSentInputs)[kSentInputs] = [copyOf(request.query), copyOf(request.params), copyBody ? structuredClone(request.body) : request.body]
    done()
  }
}

// No prototype, as Fastify's own query: a key "constructor" the client never sent reads as absent.
function copyOf (value: unknown): unknown {
  return typeof value === 'object' && value !== null ? Object.assign(Object.create(null) as object, value) : value
}

/**
 * Swaps the inputs `keepSentInputs` kept with the request's own: before the dependencies
 * run, they read what was sent; swapped again, the handler reads what its schema made.
 */
export function swapSentInputs (request: FastifyRequest): void {
  const kept = (request as WithSentInputs)[kSentInputs]
  if (kept === null) return
  const { query, params, body } = request
  request.query = kept[0]
  request.params = kept[1]
  request.body = kept[2]
  kept[0] = query
  kept[1] = params
  kept[2] = body
}
