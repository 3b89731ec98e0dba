import type { Redis } from 'ioredis'
import type { Claim, StoredAnswer, WebhookEventStore } from './event-store.js'
import { IN_FLIGHT, newClaim } from './event-store.js'

// Each a Lua script, so that two processes never both claim an event: SET NX takes it, or
// the value already there says whether it is running (`p:` and the claim's token) or done (`d:` and its answer).
const CLAIM = `local taken = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
if taken then return false end
return redis.call('GET', KEYS[1])`
// Recorded unless another claim took the key after this one lapsed.
const COMPLETE = `local value = redis.call('GET', KEYS[1])
if value == false or value == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

interface WebhookCommands {
  ffaWebhookClaim (key: string, value: string, lockMs: number): Promise<string | null>
  ffaWebhookComplete (key: string, pending: string, value: string, ttlMs: number): Promise<number>
  ffaWebhookRelease (key: string, pending: string): Promise<number>
}

/** The Redis store: every process of the app sees the same events, so a retry landing on another one is still answered once. */
export class RedisEventStore implements WebhookEventStore {
  readonly #client: Redis & WebhookCommands
  readonly #prefix: string

  constructor (client: Redis, prefix: string) {
    client.defineCommand('ffaWebhookClaim', { numberOfKeys: 1, lua: CLAIM })
    client.defineCommand('ffaWebhookComplete', { numberOfKeys: 1, lua: COMPLETE })
    client.defineCommand('ffaWebhookRelease', { numberOfKeys: 1, lua: RELEASE })
    this.#client = client as Redis & WebhookCommands
    this.#prefix = prefix
  }

  async claim (key: string, lockMs: number): Promise<Claim> {
    const claim = newClaim()
    const value = await this.#client.ffaWebhookClaim(this.#prefix + key, `p:${claim.token}`, lockMs)
    if (value === null) return claim
    if (value.startsWith('d:')) return { kind: 'done', answer: JSON.parse(value.slice(2)) as StoredAnswer }
    return IN_FLIGHT
  }

  async complete (key: string, token: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    await this.#client.ffaWebhookComplete(this.#prefix + key, `p:${token}`, `d:${JSON.stringify(answer)}`, ttlMs)
  }

  async release (key: string, token: string): Promise<void> {
    await this.#client.ffaWebhookRelease(this.#prefix + key, `p:${token}`)
  }
}
