import type { FastifyInstance } from 'fastify'
import { FFA_ERR_APP_STARTED } from '../shared/codes.js'
import type { APIRouter, IncludeOptions, RoutesOf } from './api-router.js'
import { addCompiledRoute, compileRoute } from './compile-route.js'
import { RouteMethods, type RouteDeclaration } from './route-methods.js'
import type { Prefixed, RouteType } from './types.js'

/**
 * FastAPI-style routes declared straight on a Fastify instance (FastAPI's `@app.get`):
 * each is compiled and registered at once, in that instance's encapsulation scope. Its type
 * records the routes declared in a chain and the routers included, for the typed client.
 */
// TRoutes is read by inference only (`AppRoutes<infer TRoutes>`): no member needs it at runtime.
export class AppRoutes<TRoutes extends RouteType = RouteType> extends RouteMethods {
  readonly #instance: FastifyInstance

  constructor (instance: FastifyInstance) {
    super()
    this.#instance = instance
  }

  protected declareRoute (route: RouteDeclaration): void {
    const scope = { instance: this.#instance, site: route.site }
    addCompiledRoute(this.#instance, route.kind === undefined
      ? compileRoute(route.method, route.path, route.options, route.handler, scope)
      : route.kind.compile(route.path, route.options, route.handler, scope))
  }

  /**
   * Mounts a router's routes on this instance (FastAPI's `app.include_router`), with a further
   * prefix, tags, dependencies, responses; the same as `app.register(router, options)`.
   */
  includeRouter<TRouter extends APIRouter, TInner extends string = ''> (router: TRouter, options: IncludeOptions & { readonly prefix?: TInner } = {}): AppRoutes<TRoutes | Prefixed<RoutesOf<TRouter>, TInner>> {
    try {
      void this.#instance.register(router, options)
    } catch (error) {
      // avvio's "Root plugin has already booted" names neither the router nor the fix.
      if ((error as { code?: string }).code === 'AVV_ERR_ROOT_PLG_BOOTED') throw new FFA_ERR_APP_STARTED(`includeRouter(${router.name})`)
      throw error
    }
    // The same object: only its type gains the included routes.
    return this as never
  }
}

const appRoutes = new WeakMap<FastifyInstance, AppRoutes>()

/** The `app.api` of an instance: one per encapsulation scope, so routes land where they are declared. */
export function appRoutesOf (instance: FastifyInstance): AppRoutes {
  let routes = appRoutes.get(instance)
  if (routes === undefined) {
    routes = new AppRoutes(instance)
    appRoutes.set(instance, routes)
  }
  return routes
}
