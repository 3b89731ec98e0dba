import type { RedisClient } from '../shared/redis-client.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject, checkPositiveInteger, describeValue } from '../shared/options.js'
import { checkRedisOption } from '../shared/redis-connection.js'

export const WEBHOOKS_PLUGIN = 'fastify-fastapi/webhooks'

/** Options of the webhooks plugin (and the preset's `webhooks`): where processed events are remembered. */
export interface WebhooksOptions {
  /**
   * Where processed events are remembered: this process's memory by default, or Redis (shared
   * by every instance, so a retry landing on another one is still answered once) as a URL
   * (connected at startup, closed with the app) or an ioredis client of yours.
   */
  redis?: string | RedisClient
  /** Put before every Redis key: `'ffa:webhook:'`. */
  prefix?: string
  /**
   * Seconds a processed event is remembered: 259 200 (3 days, Stripe's retry window; Standard
   * Webhooks' schedule retries for about a day). A retry after that runs the handler again.
   */
  ttl?: number
  /**
   * Seconds an event being processed is held: 60. A duplicate arriving meanwhile gets 409
   * (the provider retries); a process that dies mid-event lets it go after this time.
   */
  lockTimeout?: number
  /** The memory store's bound: 100 000 events; past it, the one stored longest ago goes first. */
  maxEntries?: number
}

export interface ResolvedWebhooksOptions {
  redis: string | RedisClient | null
  prefix: string
  ttlMs: number
  lockMs: number
  maxEntries: number
}

export const DEFAULT_TTL_SECONDS = 3 * 24 * 60 * 60
export const DEFAULT_LOCK_SECONDS = 60

/** Checks the webhooks plugin's options once, at registration, and fills in the defaults. */
export function resolveWebhooksOptions (opts: WebhooksOptions | undefined): ResolvedWebhooksOptions {
  const given = checkOptionsObject(WEBHOOKS_PLUGIN, opts, ['redis', 'prefix', 'ttl', 'lockTimeout', 'maxEntries']) as WebhooksOptions
  const { prefix = 'ffa:webhook:', ttl = DEFAULT_TTL_SECONDS, lockTimeout = DEFAULT_LOCK_SECONDS, maxEntries = 100_000 } = given
  if (typeof prefix !== 'string') throw new FFA_ERR_OPTION_INVALID(WEBHOOKS_PLUGIN, 'prefix', `must be a string, like 'ffa:webhook:'; got ${describeValue(prefix)}`)
  checkPositiveInteger(WEBHOOKS_PLUGIN, 'ttl', ttl, 'in seconds, like 259200 (3 days, the default)')
  checkPositiveInteger(WEBHOOKS_PLUGIN, 'lockTimeout', lockTimeout, 'in seconds, like 60 (the default)')
  checkPositiveInteger(WEBHOOKS_PLUGIN, 'maxEntries', maxEntries, 'like 100_000')
  return Object.freeze({
    redis: given.redis === undefined ? null : checkRedisOption(WEBHOOKS_PLUGIN, 'redis', given.redis),
    prefix,
    ttlMs: ttl * 1000,
    lockMs: lockTimeout * 1000,
    maxEntries,
  })
}
