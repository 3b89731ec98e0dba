import type { FastifyInstance, FastifyPluginOptions } from 'fastify'
import { inspect } from 'node:util'
import { Dependency } from '../depends/dependency.js'
import { FFA_ERR_OPTION_INVALID } from '../errors/codes.js'
import { compileRoute } from './compile-route.js'
import { parsePath } from './path.js'
import { checkRouteOptions } from './route-options-check.js'
import { RouteMethods, type RouteDeclaration } from './route-methods.js'

export interface APIRouterOptions {
  /** Prepended to every route's path; starts with "/" and does not end with one. */
  prefix?: string
  /** Added to every route's tags, before the route's own. */
  tags?: string[]
  /** Run for their side effects before every route's handler, after the app's and before the route's own. */
  dependencies?: Dependency<unknown>[]
}

function checkRouterOptions (options: APIRouterOptions): { prefix: string, tags: string[], dependencies: Dependency<unknown>[] } {
  const { prefix = '', tags = [], dependencies = [] } = options
  if (typeof prefix !== 'string' || (prefix !== '' && (!prefix.startsWith('/') || prefix.endsWith('/')))) {
    throw new FFA_ERR_OPTION_INVALID('APIRouter', 'prefix', `must start with "/" and not end with "/" (like "/items"); got ${JSON.stringify(prefix)}`)
  }
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
    throw new FFA_ERR_OPTION_INVALID('APIRouter', 'tags', `must be an array of strings; got ${JSON.stringify(tags)}`)
  }
  if (!Array.isArray(dependencies) || dependencies.some((dependency) => !(dependency instanceof Dependency))) {
    throw new FFA_ERR_OPTION_INVALID('APIRouter', 'dependencies', `must be an array of dependencies made with Depends(fn); got ${inspect(dependencies, { depth: 1 })}`)
  }
  return { prefix, tags, dependencies }
}

/** Registering an APIRouter adds its routes in its own encapsulated Fastify scope. */
export interface APIRouter {
  (instance: FastifyInstance, options: FastifyPluginOptions): Promise<void>
}

/**
 * A group of routes with a common prefix and tags: FastAPI's `APIRouter`. It is also a
 * Fastify plugin: `app.register(router)` adds its routes, `app.register(router, { prefix })`
 * mounts them under a further prefix, and hooks registered inside stay inside.
 *
 * @example
 * const router = new APIRouter({ prefix: '/items', tags: ['items'] })
 * router.get('/{item_id}', { params: z.object({ item_id: z.number().int() }) },
 *   ({ params }) => ({ item_id: params.item_id }))
 * await app.register(router)
 */
export class APIRouter extends RouteMethods {
  declare readonly prefix: string
  declare readonly tags: readonly string[]
  declare readonly dependencies: readonly Dependency<unknown>[]
  /** The routes declared so far, in order. */
  declare readonly routes: RouteDeclaration[]

  constructor (options: APIRouterOptions = {}) {
    super()
    const { prefix, tags, dependencies } = checkRouterOptions(options)
    // Fastify registers functions, and a class instance cannot be called: the router is a
    // function that carries the class' prototype, so it is both.
    const router = async function (instance: FastifyInstance): Promise<void> {
      for (const route of router.routes) instance.route(router.compile(route, instance))
    } as unknown as APIRouter
    Object.setPrototypeOf(router, new.target.prototype)
    Object.defineProperties(router, {
      name: { value: `APIRouter(${prefix === '' ? '/' : prefix})` },
      prefix: { value: prefix, enumerable: true },
      tags: { value: Object.freeze([...tags]), enumerable: true },
      dependencies: { value: Object.freeze([...dependencies]), enumerable: true },
      routes: { value: [], enumerable: true },
    })
    return router
  }

  // Checked now, as FastAPI's `@router.get` does, so that a mistake throws from the line that
  // made it, registered or not; compiled when the router is registered.
  protected declareRoute (route: RouteDeclaration): void {
    const path = this.prefix + route.path
    checkRouteOptions(`${route.method} ${path}`, route.options, parsePath(path), route.handler)
    this.routes.push(route)
  }

  private compile (route: RouteDeclaration, instance: FastifyInstance) {
    const tags = [...this.tags, ...(route.options.tags ?? [])]
    const options = tags.length > 0 ? { ...route.options, tags } : route.options
    return compileRoute(route.method, this.prefix + route.path, options, route.handler, { instance, dependencies: this.dependencies })
  }
}
