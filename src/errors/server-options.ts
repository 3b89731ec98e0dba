import type { ServerOptions } from 'node:http'
import Fastify, { type FastifyReply, type FastifyRequest, type FastifyServerOptions, type LogController } from 'fastify'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { fastapiClientErrorHandler, fastapiFrameworkErrors } from './server-errors.js'
import { checkBoolean, checkOptionsObject, describeValue } from '../shared/options.js'
import { withLogRedaction, type LoggerOptionsObject } from './log-redaction.js'

/** The server's limits: each in milliseconds (a count for `maxRequestsPerSocket`); 0 switches one off. */
export interface ServerLimits {
  /** Time to receive a whole request, head and body: 30 s. A slow body is cut with 408. Fastify's default is none. */
  requestTimeout?: number
  /** Time to receive a request's head: 10 s (Node's is 60 s). At most `requestTimeout`. */
  headersTimeout?: number
  /**
   * How long an idle keep-alive connection stays open: 5 s, as uvicorn and Node (Fastify's is 72 s).
   * Behind a load balancer, make it longer than the balancer's idle timeout.
   */
  keepAliveTimeout?: number
  /** Requests one connection may carry before it is closed: 1000, as nginx (Fastify's is no limit). */
  maxRequestsPerSocket?: number
  /**
   * Time every route has to answer, from routing to the response's last byte (Fastify's
   * `handlerTimeout`): none by default, as Fastify and FastAPI, because it also cuts a
   * server-sent event stream or a download that outlasts it. Past it, 503
   * `{"detail":"Service Unavailable"}` and the dependencies' cleanups run. A route's
   * `handlerTimeout` option overrides it.
   */
  handlerTimeout?: number
}

const DEFAULTS: Required<ServerLimits> = {
  requestTimeout: 30_000,
  headersTimeout: 10_000,
  keepAliveTimeout: 5_000,
  maxRequestsPerSocket: 1000,
  handlerTimeout: 0,
}

// Node looks for timed-out requests every 30 s by default, which would let a 10 s limit run to 40 s.
const TIMEOUT_CHECK_INTERVAL = 1000

const NAME = 'fastapiServerOptions'

/** What `fastapiServerOptions()` takes: the server's limits, and the logger to redact secrets from. */
export interface ServerSettings extends ServerLimits {
  /**
   * Fastify's `logger` option (`true` or pino's options), given back with secrets redacted
   * from every line: the Authorization, Cookie and Set-Cookie headers, and any `password`,
   * `token`, `access_token`, `refresh_token`, `id_token` or `client_secret` field
   * (`LOG_REDACT_PATHS`). Without it, no `logger` is returned and Fastify's default (none) holds.
   */
  logger?: boolean | LoggerOptionsObject
  /**
   * `true`: Fastify's own two lines per request ("incoming request", "request completed")
   * give way to the request-id plugin's one access line (`RequestIdMiddleware`, or the preset's
   * `requestId`); Fastify's other lines (a request that errored, a stream cut short) stay.
   */
  accessLog?: boolean
}

/** What `fastapiServerOptions()` returns: Fastify options, to spread into `Fastify({...})`. */
export interface FastAPIServerOptions extends Pick<FastifyServerOptions,
  'requestTimeout' | 'keepAliveTimeout' | 'maxRequestsPerSocket' | 'handlerTimeout' | 'frameworkErrors' | 'clientErrorHandler' | 'logController' | 'disableRequestLogging'> {
  /** Node's own server options: the timeouts again, as Node checks them together. */
  http: ServerOptions
  /** The logger given, with secrets redacted; absent when none was given. */
  logger?: false | LoggerOptionsObject
}

/**
 * Options for `Fastify({...})` that only the server can take, set as a FastAPI app behaves:
 * errors raised before a route runs (a malformed URL, a path param over `maxParamLength`,
 * Node's 400, 408 and 431) answered in the app's error format, and timeouts that close slow
 * or idle connections, and a logger (given as `logger`) that never writes a password, a
 * token or a cookie. Spread it first, so that your own options win.
 *
 * @example
 * const app = Fastify({ ...fastapiServerOptions({ logger: true }) })
 * const slow = Fastify({ ...fastapiServerOptions({ requestTimeout: 120_000 }) })   // large uploads
 * const logged = Fastify(fastapiServerOptions({ logger: true, accessLog: true }))  // with the request-id plugin
 */
export function fastapiServerOptions (settings?: ServerSettings): FastAPIServerOptions {
  const given = checkOptionsObject(NAME, settings, [...Object.keys(DEFAULTS), 'logger', 'accessLog']) as ServerSettings
  const { logger, accessLog = false } = given
  checkBoolean(NAME, 'accessLog', accessLog)
  if (logger !== undefined && typeof logger !== 'boolean' && (typeof logger !== 'object' || logger === null || Array.isArray(logger))) {
    throw new FFA_ERR_OPTION_INVALID(NAME, 'logger', `must be true, false or pino's options ({ level: 'info' }), as Fastify's own logger option; got ${describeValue(logger)}`)
  }
  const options = { ...DEFAULTS }
  for (const key of Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>) {
    const value = given[key]
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new FFA_ERR_OPTION_INVALID(NAME, key, `must be a whole number of ${key === 'maxRequestsPerSocket' ? 'requests' : 'milliseconds'} (0 for no limit); got ${describeValue(value)}`)
    }
    options[key] = value
  }
  const { requestTimeout, headersTimeout, keepAliveTimeout, maxRequestsPerSocket, handlerTimeout } = options
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw new FFA_ERR_OPTION_INVALID(NAME, 'headersTimeout', `must be at most requestTimeout (${requestTimeout} ms): a request's head is part of it; got ${headersTimeout}`)
  }
  return {
    requestTimeout,
    keepAliveTimeout,
    maxRequestsPerSocket,
    ...(handlerTimeout > 0 ? { handlerTimeout } : {}),
    http: { requestTimeout, headersTimeout, keepAliveTimeout, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL },
    frameworkErrors: fastapiFrameworkErrors as FastifyServerOptions['frameworkErrors'],
    clientErrorHandler: fastapiClientErrorHandler as unknown as FastifyServerOptions['clientErrorHandler'],
    ...(logger === undefined ? {} : { logger: withLogRedaction(logger) }),
    ...(accessLog ? withoutRequestLines() : {}),
  }
}

type LogControllerClass = typeof LogController

// Fastify 5.12's LogController, when this Fastify has it (the option it replaces is deprecated there).
const FastifyLogController = (Fastify as unknown as { LogController?: LogControllerClass }).LogController

function withoutRequestLines (): Pick<FastAPIServerOptions, 'logController' | 'disableRequestLogging'> {
  if (FastifyLogController === undefined) return { disableRequestLogging: true }
  class AccessLogController extends FastifyLogController {
    override incomingRequest (): void {}
    override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
      if (error) super.requestCompleted(error, request, reply)
    }
  }
  return { logController: new AccessLogController() }
}
