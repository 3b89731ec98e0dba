import type { FastifyInstance, RouteOptions } from 'fastify'
import { kDependsGuard, kRouteDescription } from '../symbols.js'
import type { Dependency } from './dependency.js'
import { dependsPluginMissing, dependsStateOf } from './state.js'
import type { DepsDeclaration } from './types.js'

/** What a plain Fastify route declares for the depends plugin. */
export interface PlainRouteDependencies {
  deps?: DepsDeclaration
  dependencies?: Dependency<unknown>[]
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
