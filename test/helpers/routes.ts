import type { FastifyInstance } from 'fastify'
import type { RouteOptions } from 'fastify-fastapi'
import type { RouteDescription } from '../../src/routing/compile-route.js'
import { kRouteDescription } from '../../src/shared/symbols.js'

/** A route as Fastify registered it: its full URL, its final options, and its docs schema. */
export interface RegisteredRoute {
  method: string
  url: string
  /** The options after every router above it was applied (tags, responses, deprecated ...). */
  options: RouteOptions
  /** The docs part of Fastify's route schema, as this package fills it in. */
  schema: { tags?: readonly string[], deprecated?: boolean, hide?: boolean }
}

/**
 * Records the FastAPI-style routes registered from now on (Fastify's automatic HEAD routes
 * left out), by "METHOD url", in registration order. Call before registering the routers:
 * an onRoute hook only sees the routes added after it.
 */
export function recordRoutes (app: FastifyInstance): Map<string, RegisteredRoute> {
  const routes = new Map<string, RegisteredRoute>()
  app.addHook('onRoute', (route) => {
    const description = (route.config as Record<symbol, RouteDescription | undefined> | undefined)?.[kRouteDescription]
    if (description === undefined || route.method === 'HEAD') return
    routes.set(`${String(route.method)} ${route.url}`, { method: String(route.method), url: route.url, options: description.options, schema: (route.schema ?? {}) as RegisteredRoute['schema'] })
  })
  return routes
}
