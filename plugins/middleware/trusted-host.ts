import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { schemeOf } from '../../src/middleware/https-redirect.js'
import { checkHost, compileTrustedHostPolicy, hasSeveralHosts, parseHost, TRUSTED_HOST_PLUGIN, type TrustedHostOptions } from '../../src/middleware/trusted-host.js'
import { PlainTextResponse, RedirectResponse } from '../../src/responses/text-responses.js'
import { originFormOf } from '../../src/shared/origin-form.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

export type { TrustedHostOptions }

async function trustedHost (app: FastifyInstance, opts: TrustedHostOptions): Promise<void> {
  const policy = compileTrustedHostPolicy(opts)
  if (registeredBefore(app, TRUSTED_HOST_PLUGIN, opts)) return
  // Fast path: Starlette's default, any host, checks nothing.
  if (policy.allowAny) return
  app.addHook('onRequest', function checkTrustedHost (request, reply, done) {
    // Fastify's `host`: the Host header, or a trusted proxy's X-Forwarded-Host.
    const host = request.host
    const parsed = parseHost(host)
    const verdict = parsed === undefined || hasSeveralHosts(request.raw.rawHeaders) ? 'invalid' : checkHost(policy, parsed.host)
    if (verdict === 'allowed') {
      done()
      return
    }
    if (verdict === 'www') new RedirectResponse(`${schemeOf(request)}://www.${host}${originFormOf(request.url)}`).sendTo(reply)
    else new PlainTextResponse('Invalid host header', { status: 400 }).sendTo(reply)
  })
}

/**
 * Starlette's (FastAPI's) `TrustedHostMiddleware`: a request whose `Host` is not one of
 * `allowedHosts` is answered 400 `Invalid host header` (text/plain), against Host header
 * attacks; `example.com` is redirected to `www.example.com` when only that is allowed.
 * Register it first: it answers before any other hook or route.
 *
 * @example
 * // FastAPI: app.add_middleware(TrustedHostMiddleware, allowed_hosts=["example.com", "*.example.com"])
 * await app.register(TrustedHostMiddleware, { allowedHosts: ['example.com', '*.example.com'] })
 */
export const TrustedHostMiddleware = fp(trustedHost, { fastify: '5.x', name: TRUSTED_HOST_PLUGIN })
export default TrustedHostMiddleware
