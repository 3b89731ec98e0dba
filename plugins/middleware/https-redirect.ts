import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { checkHttpsRedirectOptions, HTTPS_REDIRECT_PLUGIN, httpsRedirectLocation, type HTTPSRedirectOptions } from '../../src/middleware/https-redirect.js'
import { PlainTextResponse, RedirectResponse } from '../../src/responses/text-responses.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

export type { HTTPSRedirectOptions }

async function httpsRedirect (app: FastifyInstance, opts: HTTPSRedirectOptions): Promise<void> {
  checkHttpsRedirectOptions(opts)
  if (registeredBefore(app, HTTPS_REDIRECT_PLUGIN, opts)) return
  app.addHook('onRequest', function redirectToHttps (request, reply, done) {
    const location = httpsRedirectLocation(request)
    if (location === null) {
      done()
      return
    }
    // Starlette falls back to the server's own address; a client that sent no valid host gets told so.
    if (location === undefined) new PlainTextResponse('Invalid host header', { status: 400 }).sendTo(reply)
    else new RedirectResponse(location).sendTo(reply)
  })
}

/**
 * Starlette's (FastAPI's) `HTTPSRedirectMiddleware`: every `http` request is redirected
 * (307, so a POST stays a POST) to the same URL over `https`, `ws` to `wss`. Behind a proxy
 * that ends TLS, set Fastify's `trustProxy`: its `X-Forwarded-Proto` is then believed, and
 * only from the proxies you trust.
 *
 * @example
 * // FastAPI: app.add_middleware(HTTPSRedirectMiddleware)
 * const app = Fastify({ trustProxy: '10.0.0.0/8' })
 * await app.register(HTTPSRedirectMiddleware)
 */
export const HTTPSRedirectMiddleware = fp(httpsRedirect, { fastify: '5.x', name: HTTPS_REDIRECT_PLUGIN })
export default HTTPSRedirectMiddleware
