import type { RedisClient } from '../shared/redis-client.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject, checkPositiveInteger, describeValue } from '../shared/options.js'
import { checkRedisOption } from '../shared/redis-connection.js'

export const IDEMPOTENCY_PLUGIN = 'fastify-fastapi/idempotency'

/** Options of the idempotency plugin (and the preset's `idempotency`). */
export interface IdempotencyOptions {
  /**
   * Where Idempotency-Keys and their answers live: this process's memory by default, or Redis
   * (shared by every instance, so that a retry may reach another one) as a URL (connected at
   * startup, closed with the app) or an ioredis client of yours (left open).
   */
  redis?: string | RedisClient
  /** Put before every Redis key: `'ffa:idempotency:'`. */
  prefix?: string
  /** The memory store's bound: 10 000 keys; past it, the one stored longest ago is forgotten first. */
  maxEntries?: number
  /**
   * The largest answer body stored, in bytes: 1 MiB (1 048 576). A larger answer is sent but
   * not stored, and its key is released (a retry runs again), as is a streamed answer.
   */
  maxBodySize?: number
}

export interface ResolvedIdempotencyOptions {
  redis: string | RedisClient | null
  prefix: string
  maxEntries: number
  maxBodySize: number
}

const OPTIONS = ['redis', 'prefix', 'maxEntries', 'maxBodySize']

/** Checks the idempotency plugin's options once, at registration, and fills in the defaults. */
export function resolveIdempotencyOptions (opts: IdempotencyOptions | undefined): ResolvedIdempotencyOptions {
  const given = checkOptionsObject(IDEMPOTENCY_PLUGIN, opts, OPTIONS) as IdempotencyOptions
  const { prefix = 'ffa:idempotency:', maxEntries = 10_000, maxBodySize = 1024 * 1024 } = given
  if (typeof prefix !== 'string') throw new FFA_ERR_OPTION_INVALID(IDEMPOTENCY_PLUGIN, 'prefix', `must be a string, like 'ffa:idempotency:'; got ${describeValue(prefix)}`)
  checkPositiveInteger(IDEMPOTENCY_PLUGIN, 'maxEntries', maxEntries, 'like 10_000')
  checkPositiveInteger(IDEMPOTENCY_PLUGIN, 'maxBodySize', maxBodySize, 'in bytes, like 1_048_576 (1 MiB)')
  return Object.freeze({
    redis: given.redis === undefined ? null : checkRedisOption(IDEMPOTENCY_PLUGIN, 'redis', given.redis),
    prefix,
    maxEntries,
    maxBodySize,
  })
}
