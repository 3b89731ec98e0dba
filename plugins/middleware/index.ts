// fastify-fastapi/middleware: Starlette's built-in middleware as Fastify plugins, each usable
// alone (`await app.register(CORSMiddleware, { ... })`, FastAPI's `app.add_middleware`), or
// several at once through this entry's default plugin or the preset's options of the same names.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { FFA_ERR_OPTION_INVALID } from '../../src/shared/codes.js'
import { checkOptionsObject, describeValue } from '../../src/shared/options.js'
import { CORSMiddleware, type CORSOptions } from './cors.js'
import { GZipMiddleware, type GZipOptions } from './gzip.js'
import { HTTPSRedirectMiddleware, type HTTPSRedirectOptions } from './https-redirect.js'
import { SecurityHeadersMiddleware, type SecurityHeadersOptions } from './security-headers.js'
import { TrustedHostMiddleware, type TrustedHostOptions } from './trusted-host.js'

export { CORSMiddleware, type CORSOptions } from './cors.js'
export { GZipMiddleware, type GZipOptions } from './gzip.js'
export { TrustedHostMiddleware, type TrustedHostOptions } from './trusted-host.js'
export { HTTPSRedirectMiddleware, type HTTPSRedirectOptions } from './https-redirect.js'
export { SecurityHeadersMiddleware, type SecurityHeadersOptions } from './security-headers.js'
export * from './http.js'
export * from './request-id.js'

/** Which middleware to add, each off unless given its options (`{}` for its defaults). */
export interface MiddlewareOptions {
  trustedHost?: TrustedHostOptions | false
  httpsRedirect?: HTTPSRedirectOptions | false
  cors?: CORSOptions | false
  securityHeaders?: SecurityHeadersOptions | false
  gzip?: GZipOptions | false
}

const MIDDLEWARE_PLUGIN = 'fastify-fastapi/middleware'
// Starlette's stack written outermost first: a wrong host is refused before it is redirected,
// an http request is redirected before CORS answers it, gzip compresses the final body.
const STACK = ['trustedHost', 'httpsRedirect', 'cors', 'securityHeaders', 'gzip'] as const

async function middleware (app: FastifyInstance, opts: MiddlewareOptions): Promise<void> {
  const options = checkOptionsObject(MIDDLEWARE_PLUGIN, opts, STACK) as MiddlewareOptions
  for (const part of STACK) {
    const value = options[part]
    if (value !== undefined && value !== false && (typeof value !== 'object' || value === null)) {
      throw new FFA_ERR_OPTION_INVALID(MIDDLEWARE_PLUGIN, part, `must be an options object (to switch it on; {} for its defaults) or false; got ${describeValue(value)}`)
    }
  }
  if (isOn(options.trustedHost)) await app.register(TrustedHostMiddleware, options.trustedHost)
  if (isOn(options.httpsRedirect)) await app.register(HTTPSRedirectMiddleware, options.httpsRedirect)
  if (isOn(options.cors)) await app.register(CORSMiddleware, options.cors)
  if (isOn(options.securityHeaders)) await app.register(SecurityHeadersMiddleware, options.securityHeaders)
  if (isOn(options.gzip)) await app.register(GZipMiddleware, options.gzip)
}

function isOn<TOptions> (part: TOptions | false | undefined): part is TOptions {
  return part !== undefined && part !== false
}

/**
 * Several of Starlette's middleware at once, in Starlette's order of a stack written
 * outermost first (trusted hosts, HTTPS redirect, CORS, security headers, gzip); each is off
 * unless given its options. Register it before your routes; the preset takes the same options.
 *
 * @example
 * await app.register(fastapiMiddleware, { cors: { allowOrigins: ['http://localhost:5173'] }, gzip: {}, securityHeaders: {} })
 */
export const fastapiMiddleware = fp(middleware, { fastify: '5.x', name: MIDDLEWARE_PLUGIN })
export default fastapiMiddleware
