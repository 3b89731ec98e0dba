import type { SessionStore, StoreCallback, StoreGetCallback, StoredSession } from './session-store.js'

export interface MemoryStoreOptions {
  /** How long a session lives after it was last saved, in ms. */
  ttl: number
  /** The most sessions kept: past it, the one saved longest ago is dropped. */
  maxSessions: number
  /** The clock (a fake one in tests). */
  now?: () => number
}

interface Entry { data: string, expiresAt: number }

// A sweep at most every minute: a session past its time is refused by `get` at once anyway,
// the sweep only gives its memory back.
const MAX_SWEEP_INTERVAL = 60_000

/**
 * Sessions in this process: bounded, expiring and swept (@fastify/session's own MemoryStore
 * keeps every session forever). For one process; several instances share sessions through
 * Redis. Sessions are kept as JSON text, as Redis keeps them: what a handler changes in
 * `request.session` reaches the store only when the session is saved.
 */
export class MemorySessionStore implements SessionStore {
  // In order of their last save; with one ttl for all, that is also the order they expire in.
  readonly #entries = new Map<string, Entry>()
  readonly #ttl: number
  readonly #maxSessions: number
  readonly #now: () => number
  readonly #timer: NodeJS.Timeout

  constructor (options: MemoryStoreOptions) {
    this.#ttl = options.ttl
    this.#maxSessions = options.maxSessions
    this.#now = options.now ?? Date.now
    this.#timer = setInterval(() => this.sweep(), Math.min(this.#ttl, MAX_SWEEP_INTERVAL))
    // The timer must not keep a process alive that has nothing else to do.
    this.#timer.unref()
  }

  /** How many sessions are kept (expired ones not yet swept included). */
  get size (): number {
    return this.#entries.size
  }

  get (sessionId: string, callback: StoreGetCallback): void {
    const entry = this.#entries.get(sessionId)
    if (entry === undefined) return callback(null, null)
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(sessionId)
      return callback(null, null)
    }
    callback(null, JSON.parse(entry.data) as StoredSession)
  }

  set (sessionId: string, session: StoredSession, callback: StoreCallback): void {
    // Deleted first, so that the map stays in order of saves.
    this.#entries.delete(sessionId)
    this.#entries.set(sessionId, { data: JSON.stringify(session), expiresAt: this.#now() + this.#ttl })
    if (this.#entries.size > this.#maxSessions) {
      this.sweep()
      for (const id of this.#entries.keys()) {
        if (this.#entries.size <= this.#maxSessions) break
        this.#entries.delete(id)
      }
    }
    callback()
  }

  destroy (sessionId: string, callback: StoreCallback): void {
    this.#entries.delete(sessionId)
    callback()
  }

  /** Drops the sessions past their time: the oldest first, stopping at the first still alive. */
  sweep (): void {
    const now = this.#now()
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt > now) break
      this.#entries.delete(id)
    }
  }

  async close (): Promise<void> {
    clearInterval(this.#timer)
    this.#entries.clear()
  }
}
