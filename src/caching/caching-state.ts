import type { FastifyInstance } from 'fastify'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { kCachingState } from '../shared/symbols.js'
import type { Cache } from './cache.js'

/** The caching plugin's cache, on the instance it was registered on (and its children). */
export function cacheOf (instance: FastifyInstance): Cache | undefined {
  return (instance as unknown as Record<symbol, Cache | undefined>)[kCachingState]
}

export function cachingPluginMissing (who: string): Error {
  return new FFA_ERR_PLUGIN_MISSING(who, "caching (fastify-fastapi/caching, or the fastapi preset's `cache` option)")
}
