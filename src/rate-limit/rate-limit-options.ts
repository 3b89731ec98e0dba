import type { RedisClient } from '../shared/redis-client.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean, checkOptionsObject, checkPositiveInteger, describeValue } from '../shared/options.js'
import { checkRedisOption } from '../shared/redis-connection.js'
import { timeWindowMs, type TimeWindow } from './time-window.js'

export const RATE_LIMIT_PLUGIN = 'fastify-fastapi/rate-limit'

/** Options of the rate-limit plugin (and the preset's `rateLimit`). */
export interface RateLimitOptions {
  /**
   * An app-wide limit: each client (by IP, `request.ip`: set Fastify's `trustProxy` behind a
   * proxy) may make `max` requests per `timeWindow` to the app, all routes together (slowapi's
   * `application_limits`). None by default: without `max`, only the routes that ask for a
   * limit have one.
   */
  max?: number
  /** The window of `max` and of the routes' limits that name no window: `'1 minute'` (60 000 ms) by default. */
  timeWindow?: TimeWindow
  /**
   * Where the counters live: this process's memory by default, or Redis (shared by every
   * instance of the app), as a URL (`'redis://127.0.0.1:6379'`, connected at startup and closed
   * with the app) or an ioredis client of yours (left open).
   */
  redis?: string | RedisClient
  /** Put before every Redis key: `'ffa:rate-limit:'`. */
  prefix?: string
  /**
   * The memory store's bound, per limit: 5000 keys (clients, users ...). Past it the one used
   * longest ago is forgotten (its count starts again): raise it for more clients per window.
   */
  maxKeys?: number
  /** When Redis fails: `false` (default) answers the request 500; `true` lets it through unlimited. */
  skipOnError?: boolean
}

export interface ResolvedRateLimitOptions {
  /** The app-wide limit, `null` when there is none. */
  max: number | null
  timeWindow: number
  redis: string | RedisClient | null
  prefix: string
  maxKeys: number
  skipOnError: boolean
}

const OPTIONS = ['max', 'timeWindow', 'redis', 'prefix', 'maxKeys', 'skipOnError']

/** A limit's `max`: requests per window, an integer of at least 1. */
export function checkMax (where: string, value: unknown): number {
  checkPositiveInteger(where, 'max', value, 'the requests allowed per window, like 100')
  return value as number
}

/** Checks the rate-limit plugin's options once, at registration, and fills in the defaults. */
export function resolveRateLimitOptions (opts: RateLimitOptions | undefined): ResolvedRateLimitOptions {
  const given = checkOptionsObject(RATE_LIMIT_PLUGIN, opts, OPTIONS) as RateLimitOptions
  const { prefix = 'ffa:rate-limit:', maxKeys = 5000, skipOnError = false } = given
  if (typeof prefix !== 'string') throw new FFA_ERR_OPTION_INVALID(RATE_LIMIT_PLUGIN, 'prefix', `must be a string, like 'ffa:rate-limit:'; got ${describeValue(prefix)}`)
  checkPositiveInteger(RATE_LIMIT_PLUGIN, 'maxKeys', maxKeys, 'like 5000')
  checkBoolean(RATE_LIMIT_PLUGIN, 'skipOnError', skipOnError)
  return Object.freeze({
    max: given.max === undefined ? null : checkMax(RATE_LIMIT_PLUGIN, given.max),
    timeWindow: given.timeWindow === undefined ? 60_000 : timeWindowMs(RATE_LIMIT_PLUGIN, 'timeWindow', given.timeWindow),
    redis: given.redis === undefined ? null : checkRedisOption(RATE_LIMIT_PLUGIN, 'redis', given.redis),
    prefix,
    maxKeys,
    skipOnError,
  })
}
