import type { ServerOptions } from 'node:http'
import type { FastifyServerOptions } from 'fastify'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { fastapiClientErrorHandler, fastapiFrameworkErrors } from './server-errors.js'
import { checkOptionsObject, describeValue } from '../shared/options.js'

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
}

const DEFAULTS: Required<ServerLimits> = {
  requestTimeout: 30_000,
  headersTimeout: 10_000,
  keepAliveTimeout: 5_000,
  maxRequestsPerSocket: 1000,
}

// Node looks for timed-out requests every 30 s by default, which would let a 10 s limit run to 40 s.
const TIMEOUT_CHECK_INTERVAL = 1000

const NAME = 'fastapiServerOptions'

/** What `fastapiServerOptions()` returns: Fastify options, to spread into `Fastify({...})`. */
export interface FastAPIServerOptions extends Pick<FastifyServerOptions,
  'requestTimeout' | 'keepAliveTimeout' | 'maxRequestsPerSocket' | 'frameworkErrors' | 'clientErrorHandler'> {
  /** Node's own server options: the timeouts again, as Node checks them together. */
  http: ServerOptions
}

/**
 * Options for `Fastify({...})` that only the server can take, set as a FastAPI app behaves:
 * errors raised before a route runs (a malformed URL, a path param over `maxParamLength`,
 * Node's 400, 408 and 431) answered in the app's error format, and timeouts that close slow
 * or idle connections. Spread it first, so that your own options win.
 *
 * @example
 * const app = Fastify({ ...fastapiServerOptions(), logger: true })
 * const slow = Fastify({ ...fastapiServerOptions({ requestTimeout: 120_000 }) })   // large uploads
 */
export function fastapiServerOptions (limits?: ServerLimits): FastAPIServerOptions {
  const given = checkOptionsObject(NAME, limits, Object.keys(DEFAULTS)) as ServerLimits
  const options = { ...DEFAULTS }
  for (const key of Object.keys(DEFAULTS) as Array<keyof ServerLimits>) {
    const value = given[key]
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new FFA_ERR_OPTION_INVALID(NAME, key, `must be a whole number of ${key === 'maxRequestsPerSocket' ? 'requests' : 'milliseconds'} (0 for no limit); got ${describeValue(value)}`)
    }
    options[key] = value
  }
  const { requestTimeout, headersTimeout, keepAliveTimeout, maxRequestsPerSocket } = options
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw new FFA_ERR_OPTION_INVALID(NAME, 'headersTimeout', `must be at most requestTimeout (${requestTimeout} ms): a request's head is part of it; got ${headersTimeout}`)
  }
  return {
    requestTimeout,
    keepAliveTimeout,
    maxRequestsPerSocket,
    http: { requestTimeout, headersTimeout, keepAliveTimeout, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL },
    frameworkErrors: fastapiFrameworkErrors as FastifyServerOptions['frameworkErrors'],
    clientErrorHandler: fastapiClientErrorHandler as unknown as FastifyServerOptions['clientErrorHandler'],
  }
}
