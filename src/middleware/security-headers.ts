import type { FastifyHelmetOptions } from '@fastify/helmet'
import helmet from 'helmet'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'

export const SECURITY_HEADERS_PLUGIN = 'fastify-fastapi/security-headers'

/**
 * Options of `SecurityHeadersMiddleware`: helmet's, each header by its helmet name
 * (`contentSecurityPolicy`, `strictTransportSecurity`, `xFrameOptions` ...), `false` to
 * leave one out; `enableCSPNonces` gives each reply `reply.cspNonce.script` and `.style`.
 * With none, helmet's defaults, its Content-Security-Policy included.
 */
export type SecurityHeadersOptions = FastifyHelmetOptions & { global?: never }

/**
 * Checks the options once, at registration: helmet builds its middleware from them, and
 * refuses a bad one (an unknown CSP directive, a wrong `X-Frame-Options` action) there,
 * rather than on every request as @fastify/helmet would (it builds helmet per request).
 */
export function checkSecurityHeadersOptions (opts: SecurityHeadersOptions | undefined): SecurityHeadersOptions {
  if (opts === undefined || opts === null) return {}
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new FFA_ERR_OPTION_INVALID(SECURITY_HEADERS_PLUGIN, '(options)', `must be helmet's options object; got ${describeValue(opts)}`)
  }
  // @fastify/helmet's `global: false` would leave every route without the headers.
  if ('global' in opts) {
    throw new FFA_ERR_OPTION_INVALID(SECURITY_HEADERS_PLUGIN, 'global', 'is not an option: the headers go on every route; leave one route out with its `helmet: false` route option')
  }
  const { enableCSPNonces, ...headers } = opts
  if (enableCSPNonces !== undefined && typeof enableCSPNonces !== 'boolean') {
    throw new FFA_ERR_OPTION_INVALID(SECURITY_HEADERS_PLUGIN, 'enableCSPNonces', `must be true or false; got ${describeValue(enableCSPNonces)}`)
  }
  try {
    // helmet's ESM and CommonJS declarations are distinct types of the same options.
    helmet(headers as Parameters<typeof helmet>[0])
  } catch (error) {
    throw new FFA_ERR_OPTION_INVALID(SECURITY_HEADERS_PLUGIN, '(helmet options)', `were refused by helmet: ${(error as Error).message}. See helmet's options for each header.`)
  }
  return opts
}
