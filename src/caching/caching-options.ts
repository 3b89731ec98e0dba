import type { RedisClient } from '../shared/redis-client.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean, checkOptionsObject, checkPositiveInteger, describeValue } from '../shared/options.js'
import { checkRedisOption } from '../shared/redis-connection.js'

export const CACHING_PLUGIN = 'fastify-fastapi/caching'

/** ETags on responses (through @fastify/etag). */
export interface ETagOptions {
  /** `W/"..."` tags: the response is "the same" for caches, not byte for byte. `false` by default. */
  weak?: boolean
  /** The hash of the body, any of node:crypto's: `'sha1'` by default. */
  algorithm?: string
}

/** Options of the caching plugin (and the preset's `cache`). */
export interface CachingOptions {
  /**
   * ETags and conditional GETs: every GET or HEAD answered 2xx gets an `ETag` (a hash of its
   * body), and a request whose `If-None-Match` matches it is answered 304 with no body. Off
   * by default (it hashes every such body). A route's own `ETag` header is kept and answered
   * 304 as well, either way.
   */
  etag?: boolean | ETagOptions
  /**
   * Where `Cached` values live: this process's memory by default, or Redis (shared by every
   * instance) as a URL (connected at startup, closed with the app) or an ioredis client of yours.
   */
  redis?: string | RedisClient
  /** Put before every Redis key: `'ffa:cache:'`. */
  prefix?: string
  /** The memory store's bound: 10 000 values; past it, the one stored longest ago goes first. */
  maxEntries?: number
}

export interface ResolvedCachingOptions {
  etag: Required<ETagOptions> | null
  redis: string | RedisClient | null
  prefix: string
  maxEntries: number
}

const OPTIONS = ['etag', 'redis', 'prefix', 'maxEntries']

function checkEtag (etag: unknown): Required<ETagOptions> | null {
  if (etag === undefined || etag === false) return null
  if (etag === true) return { weak: false, algorithm: 'sha1' }
  if (typeof etag !== 'object' || etag === null || Array.isArray(etag)) throw new FFA_ERR_OPTION_INVALID(CACHING_PLUGIN, 'etag', `must be true, false or { weak, algorithm }; got ${describeValue(etag)}`)
  const { weak = false, algorithm = 'sha1' } = checkOptionsObject(`${CACHING_PLUGIN} etag`, etag, ['weak', 'algorithm']) as ETagOptions
  checkBoolean(CACHING_PLUGIN, 'etag.weak', weak)
  if (typeof algorithm !== 'string') throw new FFA_ERR_OPTION_INVALID(CACHING_PLUGIN, 'etag.algorithm', `must be a hash of node:crypto, like 'sha1' or 'sha256'; got ${describeValue(algorithm)}`)
  return { weak, algorithm }
}

/** Checks the caching plugin's options once, at registration, and fills in the defaults. */
export function resolveCachingOptions (opts: CachingOptions | undefined): ResolvedCachingOptions {
  const given = checkOptionsObject(CACHING_PLUGIN, opts, OPTIONS) as CachingOptions
  const { prefix = 'ffa:cache:', maxEntries = 10_000 } = given
  if (typeof prefix !== 'string') throw new FFA_ERR_OPTION_INVALID(CACHING_PLUGIN, 'prefix', `must be a string, like 'ffa:cache:'; got ${describeValue(prefix)}`)
  checkPositiveInteger(CACHING_PLUGIN, 'maxEntries', maxEntries, 'like 10_000')
  return Object.freeze({
    etag: checkEtag(given.etag),
    redis: given.redis === undefined ? null : checkRedisOption(CACHING_PLUGIN, 'redis', given.redis),
    prefix,
    maxEntries,
  })
}
