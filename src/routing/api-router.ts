import type { FastifyInstance, FastifyPluginOptions } from 'fastify'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { addCompiledRoute, compileRoute } from './compile-route.js'
import { parsePath } from './path.js'
import { RouteMethods, type RouteDeclaration } from './route-methods.js'
import { checkRouteOptions } from './route-options-check.js'
import {
  checkPrefix, checkRouterSettings, combine, ROUTER_SETTINGS, TOP, type Accumulated, type RouterSettings,
} from './router-settings.js'
import type { Dependency } from '../depends/dependency.js'
import type { Prefixed, RouteType } from './types.js'

export type APIRouterOptions = RouterSettings

/** What one inclusion of a router adds (FastAPI's `include_router(router, prefix=..., tags=..., ...)`). */
export type IncludeOptions = RouterSettings

/**
 * Registering an APIRouter adds its routes, and those of the routers it includes, in its own
 * encapsulated Fastify scope. Register options act as FastAPI's `include_router` arguments.
 */
export interface APIRouter<TRoutes extends RouteType = RouteType, TPrefix extends string = ''> {
  (instance: FastifyInstance, options: FastifyPluginOptions & IncludeOptions): Promise<void>
}

interface Inclusion {
  router: APIRouter
  settings: RouterSettings
}

/** A route of a router tree with everything above it combined. */
export interface FlatRoute {
  route: RouteDeclaration
  above: Accumulated
}

// The routes a router's type records (its included routers' too), for the typed client.
//   RoutesOf<APIRouter<RouteType | RouteType<'GET', '/items/', O>, '/items'>> => RouteType | RouteType<'GET', '/items/', O>
export type RoutesOf<TRouter> = TRouter extends APIRouter<infer TRoutes, string> ? TRoutes : never

/**
 * A group of routes with common settings: FastAPI's `APIRouter`. It is also a Fastify plugin:
 * `app.register(router)` adds its routes, and `app.register(router, { prefix, tags,
 * dependencies, ... })` mounts them further, as `include_router` does; the same router can be
 * mounted twice under two prefixes. Routers include routers, to any depth.
 *
 * @example
 * const router = new APIRouter({ prefix: '/items', tags: ['items'], dependencies: [verifyToken] })
 * router.get('/{item_id}', { params: z.object({ item_id: z.number().int() }) },
 *   ({ params }) => ({ item_id: params.item_id }))
 * await app.register(router, { prefix: '/v1' })
 *
 * Its type records the routes declared on it in a chain (`router.get(...).post(...)`, as
 * Hono's do), with the prefix, for the typed client of fastify-fastapi/client; a route
 * declared in a statement of its own works the same, untyped for the client.
 */
export class APIRouter<TRoutes extends RouteType = RouteType, TPrefix extends string = ''> extends RouteMethods {
  declare readonly settings: Readonly<RouterSettings>
  declare readonly prefix: string
  declare readonly tags: readonly string[]
  declare readonly dependencies: readonly Dependency<unknown>[]
  /** The routes declared on this router, in order. */
  declare readonly routes: RouteDeclaration[]
  /** The routers included in this one, in order. */
  declare readonly includes: Inclusion[]

  constructor (options: APIRouterOptions & { readonly prefix?: TPrefix } = {}) {
    super()
    checkRouterSettings('APIRouter', options)
    const settings = Object.freeze({ ...options })
    // Fastify registers functions, and a class instance cannot be called: the router is a
    // function that carries the class' prototype, so it is both.
    const router = async function (instance: FastifyInstance, registerOptions: FastifyPluginOptions & IncludeOptions): Promise<void> {
      // Fastify has applied `prefix`; the other register options are include_router's.
      const inclusion: RouterSettings = {}
      for (const key of ROUTER_SETTINGS) {
        if (key !== 'prefix' && registerOptions?.[key] !== undefined) Object.assign(inclusion, { [key]: registerOptions[key] })
      }
      // FastAPI's include_router refuses a malformed prefix; Fastify would quietly normalise it.
      checkPrefix('app.register(router, options)', registerOptions?.prefix)
      checkRouterSettings('app.register(router, options)', inclusion)
      for (const { route, above } of router.flatten(combine(TOP, inclusion))) {
        addCompiledRoute(instance, compileFlatRoute(route, above, instance))
      }
    } as unknown as APIRouter
    Object.setPrototypeOf(router, new.target.prototype)
    Object.defineProperties(router, {
      name: { value: `APIRouter(${settings.prefix ?? '/'})` },
      settings: { value: settings, enumerable: true },
      prefix: { value: settings.prefix ?? '', enumerable: true },
      tags: { value: Object.freeze([...(settings.tags ?? [])]), enumerable: true },
      dependencies: { value: Object.freeze([...(settings.dependencies ?? [])]), enumerable: true },
      routes: { value: [], enumerable: true },
      includes: { value: [], enumerable: true },
    })
    return router
  }

  // Checked now, as FastAPI's `@router.get` does, so that a mistake throws from the line that
  // made it, registered or not; compiled when the router is registered.
  protected declareRoute (route: RouteDeclaration): void {
    const path = this.prefix + route.path
    ;(route.kind?.check ?? checkRouteOptions)(`${route.method} ${path}`, route.options, parsePath(path), route.handler)
    this.routes.push(route)
  }

  /**
   * Includes another router's routes below this one's (FastAPI's `router.include_router`),
   * with a further prefix, tags, dependencies, responses.
   */
  includeRouter<TRouter extends APIRouter, TInner extends string = ''> (router: TRouter, options: IncludeOptions & { readonly prefix?: TInner } = {}): APIRouter<TRoutes | Prefixed<RoutesOf<TRouter>, `${TPrefix}${TInner}`>, TPrefix> {
    if (!(router instanceof APIRouter)) {
      throw new FFA_ERR_OPTION_INVALID('includeRouter', 'router', `must be an APIRouter; got ${typeof router}`)
    }
    checkRouterSettings('includeRouter', options)
    if ((router as APIRouter) === (this as APIRouter)) throw new FFA_ERR_OPTION_INVALID('includeRouter', 'router', `${this.name} cannot include itself`)
    if (router.contains(this)) {
      throw new FFA_ERR_OPTION_INVALID('includeRouter', 'router', `${router.name} already includes ${this.name}, directly or through others: including it back would loop`)
    }
    this.includes.push({ router, settings: Object.freeze({ ...options }) })
    // The same router: only its type gains the included routes.
    return this as never
  }

  // Not `#private`: a router is a function borrowing this prototype, without the class's private brand.
  private contains (other: APIRouter): boolean {
    return this.includes.some(({ router }) => router === other || router.contains(other))
  }

  /** Every route of this tree, with the settings of every level above it, outermost first. */
  * flatten (outer: Accumulated): Generator<FlatRoute> {
    const own = combine(outer, this.settings)
    for (const route of this.routes) yield { route, above: own }
    for (const { router, settings } of this.includes) yield * router.flatten(combine(own, settings))
  }
}

/** A route with the settings of the routers above it applied, compiled for an instance. */
export function compileFlatRoute (route: RouteDeclaration, above: Accumulated, instance: FastifyInstance) {
  const { options } = route
  const tags = [...above.tags, ...(options.tags ?? [])]
  const responses = { ...above.responses, ...options.responses }
  if (route.kind !== undefined) {
    return route.kind.compile(above.prefix + route.path, { ...options, ...(tags.length > 0 ? { tags } : {}) }, route.handler, { instance, dependencies: above.dependencies, site: route.site })
  }
  return compileRoute(route.method, above.prefix + route.path, {
    ...options,
    ...(tags.length > 0 ? { tags } : {}),
    ...(Object.keys(responses).length > 0 ? { responses } : {}),
    ...(above.deprecated ? { deprecated: true } : {}),
    ...(above.includeInSchema ? {} : { includeInSchema: false }),
    strictContentType: options.strictContentType ?? above.strictContentType,
    generateUniqueIdFunction: options.generateUniqueIdFunction ?? above.generateUniqueIdFunction,
  }, route.handler, { instance, dependencies: above.dependencies, site: route.site })
}
