import { FFA_ERR_CACHE_VALUE } from '../shared/codes.js'
import { isPromiseLike } from '../shared/is-promise-like.js'
import type { CacheStore } from './cache-store.js'

/** What a miss computes: the value, and the tags to file it under once it is known. */
export interface CacheMiss {
  /** Where the value comes from, for error messages: `Cached(getItem)`. */
  who: string
  compute: () => unknown
  tags: (value: unknown) => readonly string[]
}

// JSON in and out, on a hit and on a miss alike: a value is the same whether it came from the
// cache or not (a Date is its ISO string both times), and no request shares an object with another.
function toJson (who: string, value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch (error) {
    throw new FFA_ERR_CACHE_VALUE(who, (error as Error).message)
  }
}

/**
 * An app's cache: values by key, with a time to live, in a store (memory or Redis); explicit
 * invalidation by key or by tag. A miss is computed once per key in this process however many
 * requests ask for it meanwhile (single-flight): the others wait for its value.
 */
export class Cache {
  readonly #store: CacheStore
  readonly #onError: (error: unknown) => void
  readonly #inflight = new Map<string, Promise<unknown>>()
  // Bumped by every invalidation: a miss computed across one does not store a value that may be stale.
  #invalidations = 0

  /** `onError` hears of a store that fails (Redis down): the value is then computed as on a miss, as fastapi-cache does. */
  constructor (store: CacheStore, onError: (error: unknown) => void) {
    this.#store = store
    this.#onError = onError
  }

  /** The value under `key`; on a miss, `miss.compute()`'s, kept for `ttl` ms. A hit in memory answers without a promise. */
  fetch (key: string, ttl: number, miss: CacheMiss): unknown {
    const hit = this.#store.get(key)
    if (typeof hit === 'string') return JSON.parse(hit) as unknown
    if (isPromiseLike(hit)) {
      return Promise.resolve(hit).then(
        (text) => text === undefined ? this.#miss(key, ttl, miss) : JSON.parse(text) as unknown,
        (error: unknown) => {
          this.#onError(error)
          return this.#miss(key, ttl, miss)
        })
    }
    return this.#miss(key, ttl, miss)
  }

  /** Forgets the values under these keys, in this instance and (with Redis) every other. */
  async invalidate (keys: string | readonly string[]): Promise<void> {
    const list = typeof keys === 'string' ? [keys] : keys
    this.#invalidations++
    for (const key of list) this.#inflight.delete(key)
    await this.#store.delete(list)
  }

  /** Forgets every value filed under one of these tags. */
  async invalidateTags (tags: string | readonly string[]): Promise<void> {
    this.#invalidations++
    this.#inflight.clear()
    await this.#store.deleteTags(typeof tags === 'string' ? [tags] : tags)
  }

  #miss (key: string, ttl: number, miss: CacheMiss): Promise<unknown> {
    const pending = this.#inflight.get(key)
    if (pending !== undefined) return pending
    const flight = this.#compute(key, ttl, miss).finally(() => {
      if (this.#inflight.get(key) === flight) this.#inflight.delete(key)
    })
    this.#inflight.set(key, flight)
    return flight
  }

  async #compute (key: string, ttl: number, miss: CacheMiss): Promise<unknown> {
    const invalidations = this.#invalidations
    const value = await miss.compute()
    const text = toJson(miss.who, value)
    // `undefined` (JSON has none) is not cached: the next request computes it again.
    if (text === undefined) return value
    if (invalidations === this.#invalidations) {
      try {
        await this.#store.set(key, text, ttl, miss.tags(value))
      } catch (error) {
        this.#onError(error)
      }
    }
    return JSON.parse(text) as unknown
  }
}
