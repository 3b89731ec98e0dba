import type { FastifyRequest } from 'fastify'
import { rootPathOf } from '../shared/behind-proxy.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject, FASTIFY_REGISTER_OPTIONS } from '../shared/options.js'
import { originFormOf } from '../shared/origin-form.js'
import { parseHost } from './trusted-host.js'

export const HTTPS_REDIRECT_PLUGIN = 'fastify-fastapi/https-redirect'

/** Options of `HTTPSRedirectMiddleware`: none, as Starlette's takes none. */
export type HTTPSRedirectOptions = Record<never, never>

/** Checks `HTTPSRedirectMiddleware`'s options (there are none) at registration. */
export function checkHttpsRedirectOptions (opts: HTTPSRedirectOptions | undefined): void {
  // Checked as an object here; any key of its own is refused below, with Starlette's reason.
  const given = checkOptionsObject(HTTPS_REDIRECT_PLUGIN, opts, Object.keys(opts ?? {}))
  const unknown = Object.keys(given).find((key) => !FASTIFY_REGISTER_OPTIONS.has(key))
  if (unknown !== undefined) {
    throw new FFA_ERR_OPTION_INVALID(HTTPS_REDIRECT_PLUGIN, unknown, 'is not an option: HTTPSRedirectMiddleware takes none, as Starlette\'s; register it with `{}`')
  }
}

/** The request's scheme as Starlette's scope has it: `ws`/`wss` for a WebSocket handshake. */
export function schemeOf (request: FastifyRequest): string {
  // Fastify's `protocol`: the socket's, or a proxy's X-Forwarded-Proto when `trustProxy` trusts that proxy.
  const protocol = (request.protocol ?? 'http').toLowerCase()
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') return protocol
  return protocol === 'https' ? 'wss' : protocol === 'http' ? 'ws' : protocol
}

/**
 * Starlette's `HTTPSRedirectMiddleware`: where an `http` (or `ws`) request goes, the same
 * URL over `https` (or `wss`), the port dropped when it is 80 or 443; `null` when the request
 * is secure already; `undefined` when its host is not a valid one to send it to.
 */
export function httpsRedirectLocation (request: FastifyRequest): string | null | undefined {
  const scheme = schemeOf(request)
  if (scheme !== 'http' && scheme !== 'ws') return null
  // Fastify's `host`: the Host header, or a trusted proxy's X-Forwarded-Host.
  const parsed = parseHost(request.host)
  if (parsed === undefined) return undefined
  const port = parsed.port === undefined ? undefined : Number(parsed.port)
  if (port !== undefined && port > 65_535) return undefined
  const netloc = port === undefined || port === 80 || port === 443 ? parsed.host : `${parsed.host}:${parsed.port}`
  // Under a trusted proxy's X-Forwarded-Prefix, the path the client asked for, as uvicorn's root_path gives Starlette.
  return `${scheme === 'ws' ? 'wss' : 'https'}://${netloc}${rootPathOf(request, '')}${originFormOf(request.url)}`
}
