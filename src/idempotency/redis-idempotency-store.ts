import type { Redis } from 'ioredis'
import type { IdempotencyStore } from './idempotency-store.js'

// Each a Lua script, so that no other instance acts between the read and the write: of two
// requests with one key, exactly one claims it; an answer or a release only replaces the
// claim it was made for (not the claim of a retry that came after the first one's lock expired).
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`
const COMPLETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
`
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`

interface Commands {
  ffaIdempotencyClaim (key: string, claim: string, lockMs: number): Promise<string | null>
  ffaIdempotencyComplete (key: string, claim: string, answer: string, ttlMs: number): Promise<unknown>
  ffaIdempotencyRelease (key: string, claim: string): Promise<unknown>
}

/** Idempotency-Keys in Redis, shared by every instance of the app, each under `<prefix><key>`, expired by Redis (PX). */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #client: Redis & Commands
  readonly #prefix: string

  constructor (client: Redis, prefix: string) {
    this.#client = client as Redis & Commands
    this.#prefix = prefix
    // ioredis loads each script once per connection and runs it by its hash.
    if (!('ffaIdempotencyClaim' in client)) {
      client.defineCommand('ffaIdempotencyClaim', { numberOfKeys: 1, lua: CLAIM })
      client.defineCommand('ffaIdempotencyComplete', { numberOfKeys: 1, lua: COMPLETE })
      client.defineCommand('ffaIdempotencyRelease', { numberOfKeys: 1, lua: RELEASE })
    }
  }

  async claim (key: string, claim: string, lockMs: number): Promise<string | null> {
    return await this.#client.ffaIdempotencyClaim(this.#prefix + key, claim, lockMs)
  }

  async complete (key: string, claim: string, answer: string, ttlMs: number): Promise<void> {
    await this.#client.ffaIdempotencyComplete(this.#prefix + key, claim, answer, ttlMs)
  }

  async release (key: string, claim: string): Promise<void> {
    await this.#client.ffaIdempotencyRelease(this.#prefix + key, claim)
  }
}
