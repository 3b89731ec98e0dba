import { Redis } from 'ioredis'
import type { SessionStore, StoreCallback, StoreGetCallback, StoredSession } from './session-store.js'

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  url: string
  /** Put before every session id to make its key: `sess:` by default. */
  prefix: string
  /** How long a session lives after it was last saved, in ms (Redis's PX: Redis expires it). */
  ttl: number
  /** Where connection errors go (they are retried; a request meanwhile fails with a 500). */
  onError: (error: Error) => void
}

/**
 * Sessions in Redis, shared by every instance of the app: one key per session
 * (`sess:<id>`, the session as JSON) that Redis itself expires `ttl` after the last save.
 */
export class RedisSessionStore implements SessionStore {
  readonly #client: Redis
  readonly #prefix: string
  readonly #ttl: number

  constructor (options: RedisStoreOptions) {
    this.#prefix = options.prefix
    this.#ttl = options.ttl
    // A request fails after one try rather than waiting through ioredis' 20 retries.
    this.#client = new Redis(options.url, { maxRetriesPerRequest: 1, lazyConnect: true })
    this.#client.on('error', options.onError)
  }

  /** Connects now, so that a wrong URL fails the app's startup rather than its first login. */
  async connect (): Promise<void> {
    try {
      await this.#client.connect()
    } catch (error) {
      // ioredis would go on retrying in the background, for an app that failed to start.
      this.#client.disconnect()
      throw error
    }
  }

  get (sessionId: string, callback: StoreGetCallback): void {
    this.#client.get(this.#prefix + sessionId).then(
      (data) => callback(null, data === null ? null : JSON.parse(data) as StoredSession),
      (error: unknown) => callback(error),
    )
  }

  set (sessionId: string, session: StoredSession, callback: StoreCallback): void {
    this.#client.set(this.#prefix + sessionId, JSON.stringify(session), 'PX', this.#ttl).then(() => callback(), callback)
  }

  destroy (sessionId: string, callback: StoreCallback): void {
    this.#client.del(this.#prefix + sessionId).then(() => callback(), callback)
  }

  async close (): Promise<void> {
    await this.#client.quit().catch(() => this.#client.disconnect())
  }
}
