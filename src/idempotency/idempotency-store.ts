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

interface Entry {
  text: string
  expiresAt: number
}

/**
 * The memory store: bounded (past `maxEntries`, the key stored longest ago is forgotten
 * first), each key dropped when read after its expiry.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, Entry>()
  readonly #maxEntries: number

  constructor (maxEntries: number) {
    this.#maxEntries = maxEntries
  }

  get size (): number {
    return this.#entries.size
  }

  claim (key: string, claim: string, lockMs: number): string | null {
    const held = this.#read(key)
    if (held !== undefined) return held
    this.#write(key, claim, lockMs)
    return null
  }

  complete (key: string, claim: string, answer: string, ttlMs: number): void {
    if (this.#read(key) === claim) this.#write(key, answer, ttlMs)
  }

  release (key: string, claim: string): void {
    if (this.#read(key) === claim) this.#entries.delete(key)
  }

  #read (key: string): string | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.text
  }

  #write (key: string, text: string, ttlMs: number): void {
    this.#entries.delete(key)
    // A Map iterates in insertion order: the first key is the one written longest ago.
    while (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string)
    this.#entries.set(key, { text, expiresAt: Date.now() + ttlMs })
  }
}
