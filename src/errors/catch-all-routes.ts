import type { FastifyInstance, RouteOptions } from 'fastify'
import { decodePath } from '../shared/decode-path.js'
import { HTTP_METHODS } from '../shared/http-status.js'
import { kRouteDescription } from '../shared/symbols.js'

// Per server (every encapsulated scope shares one router): by method, the part of each
// catch-all route's URL before its `*` ('' for `*`, '/' for `/*`, '/v1' for `*` under /v1).
const registries = new WeakMap<object, Map<string, string[]>>()

function record (app: FastifyInstance, method: string, head: string): void {
  let registry = registries.get(app.server)
  if (registry === undefined) registries.set(app.server, registry = new Map())
  const heads = registry.get(method)
  if (heads === undefined) registry.set(method, [head])
  // Stryker disable next-line all: equivalent, a head listed twice changes no answer of `some`; the check keeps the list short
  else if (!heads.includes(head)) heads.push(head)
}

/**
 * Notes the routes another plugin adds to take every path of its scope, such as
 * @fastify/cors' `OPTIONS *` for preflight requests. Such a route does not make a path
 * exist: without it, an unknown path would be a 405 whose `Allow` is `OPTIONS`, and
 * `/items` a 405 instead of a redirect to `/items/`. The library's own routes, a
 * `{file_path:path}` at the root included, are declared paths and stay counted.
 */
export function watchCatchAllRoutes (app: FastifyInstance): void {
  // Registered before this plugin: only the root one can be found, by its pattern.
  for (const method of HTTP_METHODS) {
    if (app.hasRoute({ method, url: '/*' })) {
      record(app, method, '')
      record(app, method, '/')
    }
  }
  app.addHook('onRoute', (route: RouteOptions & { routePath?: string, prefix?: string }) => {
    if (route.routePath !== '*' && route.routePath !== '/*') return
    if ((route.config as Record<symbol, unknown> | undefined)?.[kRouteDescription] !== undefined) return
    const head = route.url.slice(0, -1)
    // A GET route's HEAD route (exposeHeadRoute) comes through this hook as a route of its own.
    for (const method of [route.method].flat()) record(app, method, head)
  })
}

/** Whether a `findRoute` match for `path` is a catch-all route's, not a route of that path. */
export function isCatchAllMatch (app: FastifyInstance, method: string, path: string, params: Record<string, string | undefined>): boolean {
  const heads = registries.get(app.server)?.get(method)
  const rest = params['*']
  if (heads === undefined || rest === undefined) return false
  // find-my-way hands the wildcard decoded.
  const decoded = decodePath(path)
  return heads.some((head) => head + rest === decoded)
}

