import { ExpiringMap } from '../shared/expiring-map.js'

/**
 * Where Idempotency-Keys live, each as JSON text: first a claim while its first request
 * runs, then the answer to replay. This process's memory, or Redis (shared by every
 * instance). Each method may answer at once (memory) or later (Redis).
 */
export interface IdempotencyStore {
  /**
   * Claims `key` with `claim` for `lockMs`, when nobody holds it: returns `null` then. When
   * it is held (a claim or an answer), returns what holds it and changes nothing. Atomic:
   * of two requests with one key, exactly one gets `null`.
   */
  claim (key: string, claim: string, lockMs: number): string | null | Promise<string | null>
  /** Replaces the claim with the answer, kept `ttlMs`, if the claim still holds the key. */
  complete (key: string, claim: string, answer: string, ttlMs: number): void | Promise<void>
  /** Deletes the claim, if it still holds the key: the client may retry with it. */
  release (key: string, claim: string): void | Promise<void>
}

/**
 * The memory store: bounded (past `maxEntries`, the key stored longest ago is forgotten
 * first), each key dropped when read after its expiry (see ExpiringMap).
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries: ExpiringMap<string>

  constructor (maxEntries: number) {
    this.#entries = new ExpiringMap(maxEntries)
  }

  get size (): number {
    return this.#entries.size
  }

  claim (key: string, claim: string, lockMs: number): string | null {
    const held = this.#entries.get(key)
    if (held !== undefined) return held
    this.#entries.set(key, claim, lockMs)
    return null
  }

  complete (key: string, claim: string, answer: string, ttlMs: number): void {
    if (this.#entries.get(key) === claim) this.#entries.set(key, answer, ttlMs)
  }

  release (key: string, claim: string): void {
    if (this.#entries.get(key) === claim) this.#entries.delete(key)
  }
}
