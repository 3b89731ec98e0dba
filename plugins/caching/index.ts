import fastifyEtag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { refusePlainDependenciesWithoutPlugin } from '../../src/depends/plain-routes.js'
import { Cache } from '../../src/caching/cache.js'
import { MemoryCacheStore, type CacheStore } from '../../src/caching/cache-store.js'
import { CACHING_PLUGIN, resolveCachingOptions, type CachingOptions } from '../../src/caching/caching-options.js'
import { conditionalGet } from '../../src/caching/conditional-get.js'
import { RedisCacheStore } from '../../src/caching/redis-cache-store.js'
import { redisFor } from '../../src/shared/redis-connection.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { kCachingState } from '../../src/shared/symbols.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The app's cache of `Cached` dependencies: `await app.cache.invalidate('item:1')`,
     * `await app.cache.invalidateTags('items')` (in a handler: `request.server.cache`).
     */
    cache: Cache
  }
}

async function caching (app: FastifyInstance, opts: CachingOptions): Promise<void> {
  const options = resolveCachingOptions(opts)
  if (registeredBefore(app, CACHING_PLUGIN, opts)) return
  refusePlainDependenciesWithoutPlugin(app)
  const store: CacheStore = options.redis === null
    ? new MemoryCacheStore(options.maxEntries)
    : new RedisCacheStore(await redisFor(app, CACHING_PLUGIN, 'redis', options.redis), options.prefix)
  const cache = new Cache(store, (error) => app.log.warn({ err: error }, `${CACHING_PLUGIN}: the cache store failed; the value was computed instead`))
  app.decorate(kCachingState, cache)
  app.decorate('cache', cache)

  // @fastify/etag makes the tags (replyWith304 off: it would answer 304 to any method and
  // status); conditionalGet answers If-None-Match as RFC 9110 says, after it.
  if (options.etag !== null) await app.register(fastifyEtag, { weak: options.etag.weak, algorithm: options.etag.algorithm, replyWith304: false })
  app.addHook('onSend', conditionalGet)
}

/**
 * Caching, FastAPI users' usual advice: ETags with conditional GETs answered 304, and the
 * store of `Cached` dependencies (memory, or Redis shared by every instance) with
 * `app.cache.invalidate(key)` and `invalidateTags(tag)`. `CacheControl` sets a route's
 * `Cache-Control` and needs no plugin.
 *
 * @example
 * await app.register(fastapiCaching, { etag: true, redis: 'redis://127.0.0.1:6379' })
 */
export const fastapiCaching = fp(caching, { fastify: '5.x', name: CACHING_PLUGIN })
export default fastapiCaching

export { Cached, type CachedOptions, type CacheKeyContext, type AsJson } from '../../src/caching/cached.js'
export { CacheControl, type CacheControlDirectives } from '../../src/caching/cache-control.js'
export { Cache } from '../../src/caching/cache.js'
export type { CachingOptions, ETagOptions } from '../../src/caching/caching-options.js'
