/**
 * Where cached values live, as JSON text: this process's memory, or Redis (shared by every
 * instance). `get` may answer at once (memory) or later (Redis).
 */
export interface CacheStore {
  get (key: string): string | undefined | Promise<string | undefined>
  /** Keeps `text` under `key` for `ttl` ms, and files the key under each tag. */
  set (key: string, text: string, ttl: number, tags: readonly string[]): void | Promise<void>
  delete (keys: readonly string[]): void | Promise<void>
  /** Deletes every key filed under one of the tags. */
  deleteTags (tags: readonly string[]): void | Promise<void>
  close? (): Promise<void>
}

interface Entry {
  text: string
  expiresAt: number
  tags: readonly string[]
}

/**
 * The memory store: bounded (past `maxEntries`, the entry set longest ago goes first), each
 * entry dropped when read after its expiry or evicted.
 */
export class MemoryCacheStore implements CacheStore {
  readonly #entries = new Map<string, Entry>()
  readonly #tags = new Map<string, Set<string>>()
  readonly #maxEntries: number

  constructor (maxEntries: number) {
    this.#maxEntries = maxEntries
  }

  get size (): number {
    return this.#entries.size
  }

  get (key: string): string | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= Date.now()) {
      this.#remove(key, entry)
      return undefined
    }
    return entry.text
  }

  set (key: string, text: string, ttl: number, tags: readonly string[]): void {
    const old = this.#entries.get(key)
    if (old !== undefined) this.#remove(key, old)
    // A Map iterates in insertion order: the first key is the one set longest ago.
    while (this.#entries.size >= this.#maxEntries) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [string, Entry]
      this.#remove(oldestKey, oldest)
    }
    this.#entries.set(key, { text, expiresAt: Date.now() + ttl, tags })
    for (const tag of tags) {
      let keys = this.#tags.get(tag)
      if (keys === undefined) this.#tags.set(tag, keys = new Set())
      keys.add(key)
    }
  }

  delete (keys: readonly string[]): void {
    for (const key of keys) {
      const entry = this.#entries.get(key)
      if (entry !== undefined) this.#remove(key, entry)
    }
  }

  deleteTags (tags: readonly string[]): void {
    for (const tag of tags) this.delete([...this.#tags.get(tag) ?? []])
  }

  #remove (key: string, entry: Entry): void {
    this.#entries.delete(key)
    for (const tag of entry.tags) {
      const keys = this.#tags.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) this.#tags.delete(tag)
    }
  }
}
