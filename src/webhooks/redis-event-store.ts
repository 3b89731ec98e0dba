import type { Redis } from 'ioredis'
import { RedisClaims } from '../shared/redis-claims.js'
import type { Claim, StoredAnswer, WebhookEventStore } from './event-store.js'
import { IN_FLIGHT, newClaim } from './event-store.js'

/** The Redis store: every process of the app sees the same events, so a retry landing on another one is still answered once. */
export class RedisEventStore implements WebhookEventStore {
  // A claim's value is `p:` and its token; an answer's, `d:` and its JSON.
  readonly #claims: RedisClaims

  constructor (client: Redis, prefix: string) {
    // An answer is kept even when its claim lapsed, unless another claim took the event.
    this.#claims = new RedisClaims(client, prefix, true)
  }

  async claim (key: string, lockMs: number): Promise<Claim> {
    const claim = newClaim()
    const value = await this.#claims.claim(key, `p:${claim.token}`, lockMs)
    if (value === null) return claim
    if (value.startsWith('d:')) return { kind: 'done', answer: JSON.parse(value.slice(2)) as StoredAnswer }
    return IN_FLIGHT
  }

  async complete (key: string, token: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    await this.#claims.complete(key, `p:${token}`, `d:${JSON.stringify(answer)}`, ttlMs)
  }

  async release (key: string, token: string): Promise<void> {
    await this.#claims.release(key, `p:${token}`)
  }
}
