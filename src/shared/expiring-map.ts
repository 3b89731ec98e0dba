interface Entry<TValue> {
  value: TValue
  expiresAt: number
}

/**
 * A bounded map whose entries expire: what the memory stores of Idempotency-Keys and webhook
 * events keep. A Map iterates in insertion order and every write moves its key to the end, so
 * the first key is the one written longest ago: past `maxEntries` it goes first, and each
 * write sweeps a few expired entries from the front (with one TTL per store, the front
 * expires first). An expired entry is also dropped when read.
 */
export class ExpiringMap<TValue> {
  readonly #entries = new Map<string, Entry<TValue>>()
  readonly #maxEntries: number

  constructor (maxEntries: number) {
    this.#maxEntries = maxEntries
  }

  /** How many entries it holds, expired ones not yet swept included. */
  get size (): number {
    return this.#entries.size
  }

  /** The value of `key`, unless it has expired. */
  get (key: string, now = Date.now()): TValue | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= now) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  /** Sets `key` for `ttlMs`, forgetting the oldest entries past the bound. */
  set (key: string, value: TValue, ttlMs: number, now = Date.now()): void {
    this.#entries.delete(key)
    this.#entries.set(key, { value, expiresAt: now + ttlMs })
    for (let swept = 0; swept < 4; swept++) {
      const first = this.#entries.entries().next()
      if (first.done === true || (first.value[1].expiresAt > now && this.#entries.size <= this.#maxEntries)) break
      this.#entries.delete(first.value[0])
    }
    // Over the bound with nothing expired at the front: the oldest writes go.
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string)
  }

  delete (key: string): void {
    this.#entries.delete(key)
  }
}
