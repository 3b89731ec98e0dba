import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { appRoutesOf, type AppRoutes } from '../../src/routing/app-routes.js'
import { checkOptionsObject } from '../../src/options.js'
import { registeredBefore } from '../../src/plugin-once.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * FastAPI-style routes on this instance (FastAPI's `@app.get`): zod-declared params,
     * query, headers, cookies, body and response model, one typed context for the handler.
     *
     * @example
     * app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) },
     *   ({ params }) => ({ item_id: params.item_id }))
     */
    readonly api: AppRoutes
  }
}

// No options yet; the object is checked so that a misspelled one is an error, not a silence.
export type RoutingOptions = Record<never, never>

async function routing (app: FastifyInstance, opts: RoutingOptions): Promise<void> {
  checkOptionsObject('fastify-fastapi/routing', opts, [])
  if (registeredBefore(app, 'fastify-fastapi/routing', opts)) return
  // A getter: in an encapsulated child, `this` is the child, so its routes land in its scope.
  app.decorate('api', { getter (this: FastifyInstance) { return appRoutesOf(this) } })
}

/** `app.api.get/post/...`: FastAPI-style routes straight on the app. APIRouter needs no plugin. */
export const fastapiRouting = fp(routing, { fastify: '5.x', name: 'fastify-fastapi/routing' })
export default fastapiRouting

export { APIRouter, type APIRouterOptions, type IncludeOptions } from '../../src/routing/api-router.js'
export { versioned, type Versions, type VersionOptions, type VersionDeprecation } from '../../src/routing/versioned.js'
export type { DocumentedResponse, DocumentedResponses, RouterSettings } from '../../src/routing/router-settings.js'
export type { AppRoutes } from '../../src/routing/app-routes.js'
export type { HandlerContext, RouteHandler, RouteOptions, ResponseModels } from '../../src/routing/types.js'
