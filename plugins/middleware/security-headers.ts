import fastifyHelmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { checkSecurityHeadersOptions, SECURITY_HEADERS_PLUGIN, type SecurityHeadersOptions } from '../../src/middleware/security-headers.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

export type { SecurityHeadersOptions }

async function securityHeaders (app: FastifyInstance, opts: SecurityHeadersOptions): Promise<void> {
  const options = checkSecurityHeadersOptions(opts)
  if (registeredBefore(app, SECURITY_HEADERS_PLUGIN, opts)) return
  // helmet's default Content-Security-Policy allows scripts from this server only; the docs
  // pages add the hashes of their own inline scripts to it, on their replies alone.
  await app.register(fastifyHelmet, { ...options, global: true })
}

/**
 * Security headers through @fastify/helmet (no Starlette equivalent; FastAPI apps add them
 * with a middleware): `Content-Security-Policy`, `Strict-Transport-Security`,
 * `X-Content-Type-Options`, `X-Frame-Options`, `Referrer-Policy` and helmet's others, with
 * helmet's defaults, under which `/docs` and `/redoc` still work. Register it before your routes.
 *
 * @example
 * await app.register(SecurityHeadersMiddleware, { strictTransportSecurity: { maxAge: 63_072_000, preload: true } })
 */
export const SecurityHeadersMiddleware = fp(securityHeaders, { fastify: '5.x', name: SECURITY_HEADERS_PLUGIN })
export default SecurityHeadersMiddleware
