import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { refusePlainDependenciesWithoutPlugin } from '../../src/depends/plain-routes.js'
import { appRoutesOf, type AppRoutes } from '../../src/routing/app-routes.js'
import { resolveFormLimits, type FormLimits } from '../../src/inputs/form-limits.js'
import { formUploads } from '../../src/uploads/form-uploads.js'
import { multipartParser } from '../../src/uploads/multipart-parser.js'
import { checkBoolean, checkOptionsObject } from '../../src/shared/options.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import type { RoutingState } from '../../src/routing/routing-state.js'
import { kRoutingState } from '../../src/shared/symbols.js'

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

export interface RoutingOptions {
  /**
   * `false` reads a body sent without a `Content-Type` as JSON on every route (FastAPI's
   * `FastAPI(strict_content_type=False)`), for clients that send none. By default, as in
   * FastAPI 0.132+, such a body is not JSON: a JSON route answers 422. A router or a route may
   * choose otherwise with its own `strictContentType`.
   */
  strictContentType?: boolean
  /**
   * Limits of every route's form body (`form`), urlencoded or multipart, each optional:
   * `{ fileSize: 10 MiB, files: 1000, fields: 1000, fieldSize: 1 MiB, parts: 1000,
   * headerSize: 16 KiB }` by default. Past one, 413. A route's own `formLimits` wins.
   */
  formLimits?: Partial<FormLimits>
}

const PLUGIN = 'fastify-fastapi/routing'

async function routing (app: FastifyInstance, opts: RoutingOptions): Promise<void> {
  // Checked so that a misspelled option is an error, not a silence.
  const { strictContentType = true, formLimits } = checkOptionsObject(PLUGIN, opts, ['strictContentType', 'formLimits']) as RoutingOptions
  checkBoolean(PLUGIN, 'strictContentType', strictContentType)
  const state: RoutingState = { strictContentType, formLimits: resolveFormLimits(PLUGIN, formLimits), formUploads: formUploads() }
  if (registeredBefore(app, PLUGIN, opts)) return
  app.decorate(kRoutingState, state)
  // Multipart forms are read with @fastify/multipart's request.parts(): ours, unless the app
  // registered it before us. Its parser only marks the request; nothing is read until a form route asks.
  if (!app.hasRequestDecorator('parts')) await app.register(multipartParser)
  // File-type loads asynchronously: the `accept` lists of the routes' file fields are checked at startup.
  app.addHook('onReady', async () => { await state.formUploads.check() })
  app.addHook('onClose', async () => { await state.formUploads.close() })
  refusePlainDependenciesWithoutPlugin(app)
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
export type { FieldSelection, AnyFieldSelection } from '../../src/routing/field-selection.js'
