import type { FastifyInstance } from 'fastify'
import { compileRoute } from './compile-route.js'
import { RouteMethods, type RouteDeclaration } from './route-methods.js'

/**
 * FastAPI-style routes declared straight on a Fastify instance (FastAPI's `@app.get`):
 * each is compiled and registered at once, in that instance's encapsulation scope.
 */
export class AppRoutes extends RouteMethods {
  readonly #instance: FastifyInstance

  constructor (instance: FastifyInstance) {
    super()
    this.#instance = instance
  }

  protected declareRoute (route: RouteDeclaration): void {
    this.#instance.route(compileRoute(route.method, route.path, route.options, route.handler, { instance: this.#instance }))
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
