import type { FastifyRequest } from 'fastify'
import { FFA_ERR_OPTION_INVALID } from './codes.js'
import { describeValue } from './options.js'

/**
 * A path of this server: `/api/v1`. No `//host` or `/\host` (another server's), no query,
 * fragment, space or trailing slash, so that it can be put in front of any path or in a
 * `Location` and still name this server.
 */
export const SERVER_PATH = /^(?:\/[\w.~!$&'()*+,;=:@%-]+)+$/

/**
 * FastAPI's `root_path`: the prefix a proxy serves the app under and strips before passing
 * requests on. `''` for none; a trailing slash is dropped, as FastAPI does (`/api/v1/`).
 */
export function resolveRootPath (plugin: string, value: unknown): string {
  if (value === undefined) return ''
  const rootPath = typeof value === 'string' ? value.replace(/\/+$/, '') : value
  if (rootPath !== '' && !(typeof rootPath === 'string' && SERVER_PATH.test(rootPath))) {
    throw new FFA_ERR_OPTION_INVALID(plugin, 'rootPath', `must be the path the proxy serves the app under, like "/api/v1" (or "" for none); got ${describeValue(value)}`)
  }
  return rootPath as string
}

const PROBE = 'fastify-fastapi.trust-probe'

/**
 * Whether the request comes from a proxy Fastify's `trustProxy` trusts (never without that
 * option). Fastify reads `X-Forwarded-Host` only from such a peer and keeps the test to
 * itself: asking its `host` getter about a probe header learns its answer, and anything
 * else (no `trustProxy`, another Fastify) fails closed.
 */
export function fromTrustedProxy (request: FastifyRequest): boolean {
  // The probe has the request's socket and no other header: a client's own `Host: <probe>`
  // proves nothing.
  const headers = { 'x-forwarded-host': PROBE }
  const probe = Object.create(request, {
    headers: { value: headers },
    raw: { value: { headers, socket: request.raw.socket } },
  }) as FastifyRequest
  return probe.host === PROBE
}

/**
 * The root path of this request: a trusted proxy's `X-Forwarded-Prefix` (Traefik's
 * stripPrefix sends it; FastAPI's "Behind a Proxy" reads it in a middleware), else the
 * configured one. An untrusted request's header is ignored: it would move the docs' and
 * redirects' URLs wherever the client likes.
 */
export function rootPathOf (request: FastifyRequest, configured: string): string {
  const header = request.headers['x-forwarded-prefix']
  if (header === undefined || !fromTrustedProxy(request)) return configured
  const prefix = lastValue(header).replace(/\/+$/, '')
  return prefix === '' || SERVER_PATH.test(prefix) ? prefix : configured
}

// A hostname, IPv4 or [IPv6] address, with an optional port: nothing that ends the authority.
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/**
 * The public origin (`https://example.com`) a trusted proxy says the client used, from
 * Fastify's `request.protocol` and `request.host` (its `X-Forwarded-Proto` and
 * `X-Forwarded-Host`, or the socket and `Host`), as uvicorn's `--forwarded-allow-ips` lets
 * Starlette build its redirects. `undefined` for any other request: a `Host` a client chose
 * must not become another site in a `Location`.
 */
export function publicOrigin (request: FastifyRequest): string | undefined {
  if (!fromTrustedProxy(request)) return undefined
  const { protocol, host } = request
  return (protocol === 'http' || protocol === 'https') && HOST.test(host) ? `${protocol}://${host}` : undefined
}

function lastValue (header: string | string[]): string {
  const value = Array.isArray(header) ? header[header.length - 1] ?? '' : header
  const comma = value.lastIndexOf(',')
  return (comma === -1 ? value : value.slice(comma + 1)).trim()
}
