import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { MiddlewareRegistry } from '../../src/middleware/http/middleware-stack.js'
import type { HTTPMiddleware } from '../../src/middleware/http/types.js'
import { checkOptionsObject } from '../../src/shared/options.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { kHttpMiddlewareRun } from '../../src/shared/symbols.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Adds an HTTP middleware (FastAPI's `@app.middleware("http")`): it gets each request and
     * a `callNext` that runs the rest of the app and gives back its response, which it may
     * change or replace. The last added runs outermost. Added inside an encapsulated plugin,
     * it wraps that plugin's routes only, as its hooks would.
     *
     * @example
     * app.middleware('http', async (request, callNext) => {
     *   const start = performance.now()
     *   const response = await callNext(request)
     *   response.headers.set('X-Process-Time', String((performance.now() - start) / 1000))
     *   return response
     * })
     */
    middleware (type: 'http', middleware: HTTPMiddleware): FastifyInstance
  }
}

const PLUGIN = 'fastify-fastapi/http-middleware'

async function httpMiddlewarePlugin (app: FastifyInstance, opts: object): Promise<void> {
  checkOptionsObject(PLUGIN, opts, [])
  if (registeredBefore(app, PLUGIN, opts)) return
  const registry = new MiddlewareRegistry()
  // null, not an object: a decorator's object would be shared by every request.
  app.decorateRequest(kHttpMiddlewareRun, null)
  app.decorate('middleware', function middleware (this: FastifyInstance, type: 'http', fn: HTTPMiddleware) {
    registry.add(this, type, fn)
    return this
  })
  app.addHook('onReady', async () => { registry.ready() })
}

/**
 * FastAPI's `@app.middleware("http")` on Fastify: `app.middleware('http', fn)`. It costs
 * nothing until a middleware is added; then one onRequest and one onSend hook run them all,
 * and a middleware that only touches the status and headers never copies the body.
 *
 * @example
 * await app.register(httpMiddleware)
 * app.middleware('http', async (request, callNext) => {
 *   if (request.headers['x-maintenance'] === 'on') return new JSONResponse({ detail: 'Down for maintenance' }, { status: 503 })
 *   return callNext(request)
 * })
 */
export const httpMiddleware = fp(httpMiddlewarePlugin, { fastify: '5.x', name: PLUGIN })

export { CallNextResponse, type BodyContent } from '../../src/middleware/http/call-next-response.js'
export { ResponseHeaders } from '../../src/middleware/http/response-headers.js'
export type { CallNext, HTTPMiddleware, MiddlewareResult } from '../../src/middleware/http/types.js'
