import { DeclarationSite } from '../shared/declaration-site.js'
import type { Site } from './route-registry.js'
import type { RouteOptions as FastifyRouteOptions } from 'fastify'
import type { RouteScope } from './compile-route.js'
import type { ParsedPath } from './path.js'
import type { HttpMethod, RouteHandler, RouteMethod, RouteOptions } from './types.js'

type AnyHandler = RouteHandler<string, never>

/** One route as declared, before it is compiled for a Fastify instance. */
export interface RouteDeclaration {
  method: HttpMethod
  path: string
  options: RouteOptions
  handler: AnyHandler
  /** Where the user's code declared it, for messages ("routers/items.ts:12:8"). */
  site: Site
  /**
   * Another kind of route than an HTTP one (a websocket): how its options are checked when it
   * is declared and how it becomes a Fastify route. A feature folder above routing brings it,
   * so routing needs no knowledge of the kind.
   */
  kind?: RouteKind
}

/** How a kind of route other than HTTP (a websocket) is checked and compiled. */
export interface RouteKind {
  check (route: string, options: object, path: ParsedPath, handler: unknown): void
  compile (path: string, options: object, handler: unknown, scope: RouteScope): FastifyRouteOptions
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

/**
 * FastAPI's route decorators (`@app.get`, `@router.post` ...) as methods. Subclasses decide
 * what declaring a route does: an APIRouter keeps it until it is registered, `app.api`
 * registers it at once.
 */
export abstract class RouteMethods {
  declare readonly get: RouteMethod<'GET', this>
  declare readonly post: RouteMethod<'POST', this>
  declare readonly put: RouteMethod<'PUT', this>
  declare readonly patch: RouteMethod<'PATCH', this>
  declare readonly delete: RouteMethod<'DELETE', this>
  declare readonly head: RouteMethod<'HEAD', this>
  declare readonly options: RouteMethod<'OPTIONS', this>

  protected abstract declareRoute (route: RouteDeclaration): void
}

/**
 * Declares a route on a router or `app.api` from outside the class: how a feature folder (the
 * websockets') adds its own kind of route method, as Fastify plugins add decorators.
 */
export function declareOn (target: RouteMethods, route: RouteDeclaration): void {
  target['declareRoute'](route)
}

// On the prototype, not as fields: an APIRouter is a function object that borrows this
// prototype, so its methods must not be bound to an instance made by the constructor.
for (const method of METHODS) {
  Object.defineProperty(RouteMethods.prototype, method.toLowerCase(), {
    value: function declare (this: RouteMethods, path: string, optionsOrHandler: RouteOptions | AnyHandler, maybeHandler?: AnyHandler) {
      const [options, handler] = typeof optionsOrHandler === 'function'
        ? [{}, optionsOrHandler]
        : [optionsOrHandler ?? {}, maybeHandler as AnyHandler]
      this.declareRoute({ method, path, options, handler, site: new DeclarationSite() })
      return this
    },
  })
}
