import type { Redis } from 'ioredis'
import { closeRedis } from '../../shared/redis-connection.js'
import type { SessionStore, StoreCallback, StoreGetCallback, StoredSession } from './session-store.js'

export interface RedisStoreOptions {
  /** Put before every session id to make its key: `sess:` by default. */
  prefix: string
  /** How long a session lives after it was last saved, in ms (Redis's PX: Redis expires it). */
  ttl: number
}

/**
 * Sessions in Redis, shared by every instance of the app: one key per session
 * (`sess:<id>`, the session as JSON) that Redis itself expires `ttl` after the last save.
 * The connection is the plugin's (`openRedis`: connected at startup, closed with the store).
 */
export class RedisSessionStore implements SessionStore {
  readonly #client: Redis
  readonly #prefix: string
  readonly #ttl: number

  constructor (client: Redis, options: RedisStoreOptions) {
    this.#client = client
    this.#prefix = options.prefix
    this.#ttl = options.ttl
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
    await closeRedis(this.#client)
  }
}
