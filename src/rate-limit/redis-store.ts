import { createRequire } from 'node:module'
import type { Redis } from 'ioredis'

type Callback = (error: Error | null, result?: { current: number, ttl: number }) => void

/** @fastify/rate-limit's store: a counter per key in a fixed window. */
export interface RateLimitStore {
  incr (key: string, callback: Callback, timeWindow: number, max: number): void
  read (key: string, callback: Callback, timeWindow: number, max: number): void
  child (options: { routeInfo?: { method?: unknown, url?: unknown } }): RateLimitStore
}

type RedisStoreConstructor = new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, prefix: string) => RateLimitStore

// @fastify/rate-limit's own Redis store (one Lua script: INCR, then PEXPIRE on the first hit of a
// window, else PTTL), not in its typed entry. It is reused as it is; only the keys change.
const RedisStore = createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore') as RedisStoreConstructor

function prefixed (client: Redis, prefix: string): RateLimitStore {
  const store = new RedisStore(false, false, client, prefix)
  return {
    incr: (key, callback, timeWindow, max) => { store.incr(key, callback, timeWindow, max) },
    read: (key, callback, timeWindow, max) => { store.read(key, callback, timeWindow, max) },
    // A route's limit counts under `<prefix>GET/items:<ip>`, as @fastify/rate-limit's does. A
    // limiter of `createRateLimit` (a RateLimit dependency's) has no route, where @fastify/rate-limit
    // would write `undefinedundefined-`: its keys already name their route or scope.
    child: ({ routeInfo }) => prefixed(client, routeInfo?.method === undefined ? prefix : `${prefix}${String(routeInfo.method)}${String(routeInfo.url)}:`),
  }
}

/** The `store` option of @fastify/rate-limit: its Redis store on this connection, keys under `prefix`. */
export function redisStore<TStoreConstructor> (client: Redis, prefix: string): TStoreConstructor {
  // @fastify/rate-limit calls `new Store(options)`: a constructor that returns the store.
  return function PrefixedRedisStore () { return prefixed(client, prefix) } as unknown as TStoreConstructor
}
