import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { refusePlainDependenciesWithoutPlugin } from '../../src/depends/plain-routes.js'
import type * as OpenAPI from '../../src/shared/openapi-types.js'
import { resolveDocsOptions, type DocsOptions } from '../../src/docs/docs-options.js'
import { DocsRegistry } from '../../src/docs/docs-registry.js'
import { docsRoute } from '../../src/shared/docs-route.js'
import { redocAssets } from '../../src/docs/redoc-page.js'
import { sendHtmlPage } from '../../src/docs/html.js'
import { validationResponse } from '../../src/docs/validation-responses.js'
import { resolveFormatter } from '../../src/errors/error-format.js'
import type { ErrorsState } from '../../src/errors/exception-handlers.js'
import { kDocsState, kErrorsState } from '../../src/shared/symbols.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { APIRouter } from '../../src/routing/api-router.js'
import type { CallbackRoutes } from '../../src/routing/types.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's OpenAPI 3.1 document, as `/openapi.json` serves it (FastAPI's `app.openapi()`). */
    openapi (): OpenAPI.OpenAPIDocument
    /**
     * The requests the app makes to its users' APIs, documented as OpenAPI 3.1 `webhooks`
     * (FastAPI's `app.webhooks`): an APIRouter whose routes are never served, each path the
     * webhook's name. The docs plugin's `webhooks` option, when it is an APIRouter, is this one.
     *
     * @example
     * app.webhooks.post('new-subscription', { body: Subscription }, function new_subscription () {})
     */
    readonly webhooks: APIRouter
  }
}

export type { DocsOptions }
/** FastAPI's default operationId (`read_item_items__item_id__get`), for a generator that falls back to it. */
export { generateUniqueId } from '../../src/docs/operation.js'

async function docs (app: FastifyInstance, opts: DocsOptions): Promise<void> {
  const options = resolveDocsOptions(opts)
  if (registeredBefore(app, 'fastify-fastapi/docs', opts)) return
  refusePlainDependenciesWithoutPlugin(app)
  // FastAPI's `self.webhooks = webhooks or APIRouter()`: the option's router, else one of the app's own.
  const given = options.document.webhooks
  const webhooks = given instanceof APIRouter ? given : new APIRouter()
  const registry = new DocsRegistry({ ...options, document: { ...options.document, webhooks: documentedWebhooks(given, webhooks) } })
  app.decorate('webhooks', webhooks)
  app.decorate(kDocsState, registry)
  // Every route registered from now on, in order: FastAPI lists operations as they were declared.
  app.addHook('onRoute', (route) => registry.collect(route))

  const servers = registry.serversFor(options.rootPath)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: options.info,
      ...(servers === undefined ? {} : { servers }),
      ...(options.tags === undefined ? {} : { tags: options.tags }),
    },
    // Paths as the routes declare them: FastAPI does not strip a server's base path.
    stripBasePath: false,
    // @fastify/swagger documents the plain Fastify routes; ours are documented from their zod schemas.
    transform: ({ schema, url, route }) => ({ schema: registry.isDescribed(route) ? { ...schema, hide: true } : schema, url }),
    // Its type is openapi-types' own; the document it gets and gives back is plain JSON.
    transformObject: ((documents: { openapiObject: unknown }) => registry.build(documents.openapiObject as OpenAPI.OpenAPIDocument, validationOf(app))) as never,
  })
  // A document that could not be built is not tried again at every request (a build of 1,000
  // routes takes a quarter of a second): the same error, until the app is fixed and restarted.
  let failed: { error: unknown } | undefined
  app.decorate('openapi', function openapi (this: FastifyInstance) {
    if (failed !== undefined) throw failed.error
    try {
      return this.swagger() as OpenAPI.OpenAPIDocument
    } catch (error) {
      failed = { error }
      throw error
    }
  })
  // Built once, when first asked for (`app.openapi()`, the first `/openapi.json`), as FastAPI's
  // `app.openapi()` builds it: not at startup, where 1,000 routes' document took 40% of
  // `ready()`, and the routes' JSON Schemas held 12 KB a route until then.
  if (options.openapiUrl === null) return
  app.get(options.openapiUrl, docsRoute(), async (request, reply) => registry.sendJson(request, reply, '', app.openapi()))

  if (options.docsUrl !== null) {
    const docsUrl = options.docsUrl
    const index = new Set([docsUrl, `${docsUrl}/`])
    await app.register(swaggerUi, {
      routePrefix: docsUrl,
      uiConfig: options.swaggerUiParameters,
      initOAuth: options.swaggerUiInitOAuth,
      theme: { title: `${options.info.title} - Swagger UI` },
      uiHooks: {
        // @fastify/swagger-ui serves the assets; the page itself is FastAPI's, made at the
        // first visit: its layout and its version selector depend on routers mounted later.
        onRequest: async (request, reply) => {
          if (index.has(request.routeOptions.url as string)) return sendHtmlPage(reply, registry.swaggerUiPage(request))
        },
      },
    })
    if (options.oauth2RedirectUrl !== null) {
      // Swagger UI's own page, at FastAPI's address; the query carries the OAuth2 code or error.
      app.get(options.oauth2RedirectUrl, docsRoute(), async (request, reply) => {
        const query = request.url.indexOf('?')
        return reply.redirect(`${registry.rootPathOf(request)}${docsUrl}/static/oauth2-redirect.html${query === -1 ? '' : request.url.slice(query)}`)
      })
    }
  }

  if (options.redocUrl !== null) {
    const assets = redocAssets(options.redocUrl, opts?.redocUrl !== undefined, options.info.title, options.openapiUrl)
    if (assets === undefined) {
      app.log.warn(`fastify-fastapi/docs: ReDoc at ${options.redocUrl} needs the redoc package (npm install redoc); it is off`)
    } else {
      app.get(options.redocUrl, docsRoute(), async (request, reply) => sendHtmlPage(reply, assets.page(registry.rootPathOf(request))))
      app.get(assets.scriptUrl, docsRoute(), async (_request, reply) => reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(assets.script()))
    }
  }
}

// Read when the document is built: routes added to `app.webhooks` until then are in it.
function documentedWebhooks (given: CallbackRoutes | undefined, own: APIRouter): CallbackRoutes {
  return { get routes () { return given === undefined || given === own ? own.routes : [...given.routes, ...own.routes] } }
}

// The documented validation error follows the errors plugin's format and status.
function validationOf (app: FastifyInstance) {
  const state = (app as unknown as Record<symbol, ErrorsState | undefined>)[kErrorsState]
  return validationResponse(state?.formatter ?? resolveFormatter('fastapi'), state?.validationStatus ?? 422)
}

/**
 * `/openapi.json`, Swagger UI at `/docs` and ReDoc at `/redoc`, every asset served by this
 * server. Register it before the routes it documents.
 *
 * @example
 * await app.register(fastapiDocs, { title: 'Shop', version: '1.0.0' })
 */
export const fastapiDocs = fp(docs, { fastify: '5.x', name: 'fastify-fastapi/docs' })
export default fastapiDocs
