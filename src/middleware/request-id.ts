import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean, checkOptionsObject, describeValue } from '../shared/options.js'

export interface RequestIdOptions {
  /** The header the id is read from (when trusted) and returned in: `X-Request-ID`. */
  header?: string
  /**
   * Take the id a request brings in the header, when it is a valid one (`REQUEST_ID_PATTERN`):
   * for an app behind a proxy or gateway that sets the header itself (nginx's `$request_id`,
   * Heroku's router) or strips it from clients. Default `false`: every id is made here, and a
   * client cannot choose the id its requests are logged under.
   */
  trustHeader?: boolean
  /** Makes an id: `crypto.randomUUID()` by default. */
  generate?: () => string
  /**
   * One line per request, at `info`, once the response is sent: method, path (without the
   * query string, which may carry secrets), status and `durationMs`, with the request id as
   * on every line. Default `true`. Pair it with `fastapiServerOptions({ accessLog: true })`,
   * which switches off Fastify's own "incoming request" and "request completed" pair.
   */
  accessLog?: boolean
}

export interface ResolvedRequestIdOptions {
  /** Lower-case, as Node gives request headers. */
  header: string
  trustHeader: boolean
  generate: () => string
  accessLog: boolean
}

export const REQUEST_ID_PLUGIN = 'fastify-fastapi/request-id'

/**
 * An id taken from a request: 1 to 128 letters, digits and `- _ . ~ : / + = @` (a UUID, a
 * ULID, hex, base64). Anything else (a space, a quote, a comma of two joined headers, a
 * control character, a long value) is replaced by a new id.
 */
export const REQUEST_ID_PATTERN = /^[\w.~:/+=@-]{1,128}$/

// RFC 9110's token: what a header name is made of.
const TOKEN = /^[!#$%&'*+.^_`|~\w-]+$/

export function resolveRequestIdOptions (opts: unknown): ResolvedRequestIdOptions {
  const given = checkOptionsObject(REQUEST_ID_PLUGIN, opts, ['header', 'trustHeader', 'generate', 'accessLog']) as RequestIdOptions
  const { header = 'X-Request-ID', trustHeader = false, generate = randomUUID, accessLog = true } = given
  if (typeof header !== 'string' || !TOKEN.test(header)) {
    throw new FFA_ERR_OPTION_INVALID(REQUEST_ID_PLUGIN, 'header', `must be a header name, like 'X-Request-ID' or 'X-Correlation-ID'; got ${describeValue(header)}`)
  }
  checkBoolean(REQUEST_ID_PLUGIN, 'trustHeader', trustHeader)
  checkBoolean(REQUEST_ID_PLUGIN, 'accessLog', accessLog)
  if (typeof generate !== 'function') {
    throw new FFA_ERR_OPTION_INVALID(REQUEST_ID_PLUGIN, 'generate', `must be a function that returns a new id, like () => crypto.randomUUID(); got ${describeValue(generate)}`)
  }
  return Object.freeze({ header: header.toLowerCase(), trustHeader, generate, accessLog })
}

/** On a raw request: why the id it brought was refused, for its first log line. */
const kRefusedId = Symbol('fastify-fastapi.refused-request-id')

type WithRefusal = IncomingMessage & { [kRefusedId]?: string }

/**
 * Fastify's `genReqId`: the id every log line of the request carries, from Fastify's own
 * "incoming request" on. A trusted header's valid id, else a new one.
 */
export function createGenReqId (options: ResolvedRequestIdOptions): (raw: IncomingMessage) => string {
  const { header, trustHeader, generate } = options
  if (!trustHeader) return function genReqId () { return generate() }
  return function genReqIdFromHeader (raw: WithRefusal) {
    const sent = raw.headers[header]
    if (sent === undefined || sent === '') return generate()
    if (typeof sent === 'string' && REQUEST_ID_PATTERN.test(sent)) return sent
    // Node joins a header sent twice with ', ', which the pattern refuses too.
    raw[kRefusedId] = sent.length > 128 ? `it is ${sent.length} characters long, over 128` : 'it holds a character other than letters, digits and - _ . ~ : / + = @'
    return generate()
  }
}

/** onRequest: the id goes back in the response's header (and a refused one is logged, once). */
export function createIdHeaderHook (options: ResolvedRequestIdOptions) {
  const { header, trustHeader } = options
  return function requestIdHeader (request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    reply.header(header, request.id)
    if (trustHeader) {
      const refused = (request.raw as WithRefusal)[kRefusedId]
      // Not the value itself: it is the client's, and may be long.
      if (refused !== undefined) request.log.warn(`The request's ${header} header was not taken as its id: ${refused}. A new id was made.`)
    }
    done()
  }
}

/** onResponse: the access line (uvicorn's `"GET /items/5 HTTP/1.1" 200`, as fields). */
export function accessLogHook (request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const { method, url } = request
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  const status = reply.statusCode
  request.log.info({ method, path, status, durationMs: Math.round(reply.elapsedTime * 1000) / 1000 }, `"${method} ${path}" ${status}`)
  done()
}
