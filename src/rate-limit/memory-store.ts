import { createRequire } from 'node:module'
import type { RateLimitStore } from './redis-store.js'

type LocalStoreConstructor = new (continueExceeding: boolean, exponentialBackoff: boolean, cache: number) => RateLimitStore

// @fastify/rate-limit's own in-memory store (an LRU of counters), not in its typed entry.
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore') as LocalStoreConstructor

// LocalStore hands back its live counter, and @fastify/rate-limit reads it after an await: in a
// burst, every request of the tick saw the count of the whole burst, so all of them, the
// first `max` included, were refused. A copy taken at the increment keeps each its own count.
function snapshotting (store: RateLimitStore): RateLimitStore {
  return {
    incr: (key, callback, timeWindow, max) => {
      store.incr(key, (error, result) => { callback(error, result === undefined ? undefined : { current: result.current, ttl: result.ttl }) }, timeWindow, max)
    },
    read: (key, callback, timeWindow, max) => {
      store.read(key, (error, result) => { callback(error, result === undefined ? undefined : { current: result.current, ttl: result.ttl }) }, timeWindow, max)
    },
    child: (options) => snapshotting(store.child(options)),
  }
}

/** The `store` option of @fastify/rate-limit: its in-memory store, each request's count its own. */
export function memoryStore<TStoreConstructor> (cache: number): TStoreConstructor {
  // @fastify/rate-limit calls `new Store(options)`: a constructor that returns the store.
  return function SnapshotLocalStore () { return snapshotting(new LocalStore(false, false, cache)) } as unknown as TStoreConstructor
}
