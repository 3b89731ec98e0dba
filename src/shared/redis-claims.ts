import type { Redis } from 'ioredis'

// Each a Lua script, so that no other instance acts between the read and the write: of two
// requests for one key, exactly one claims it (SET NX), and an answer or a release only
// replaces the claim it was made for, not that of a retry that came after the first one's lock
// expired. An answer may also be recorded over a lapsed claim nobody took (ARGV[4] = '1').
const CLAIM = `local taken = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
if taken then return false end
return redis.call('GET', KEYS[1])`
const COMPLETE = `local value = redis.call('GET', KEYS[1])
if value == ARGV[1] or (value == false and ARGV[4] == '1') then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`

interface ClaimCommands {
  ffaClaim (key: string, claim: string, lockMs: number): Promise<string | null>
  ffaComplete (key: string, claim: string, answer: string, ttlMs: number, overLapsed: '0' | '1'): Promise<unknown>
  ffaRelease (key: string, claim: string): Promise<unknown>
}

/**
 * Keys claimed once across every instance of an app (Idempotency-Keys, webhook events), each
 * under `<prefix><key>`, expired by Redis (PX): a claim holds the key for `lockMs`, then the
 * answer replaces it for `ttlMs`, or a release frees it.
 */
export class RedisClaims {
  readonly #client: Redis & ClaimCommands
  readonly #prefix: string
  readonly #overLapsed: '0' | '1'

  /** `recordOverLapsed`: an answer is kept even when its claim lapsed, if no other claim took the key. */
  constructor (client: Redis, prefix: string, recordOverLapsed: boolean) {
    // ioredis loads each script once per connection and runs it by its hash.
    if (!('ffaClaim' in client)) {
      client.defineCommand('ffaClaim', { numberOfKeys: 1, lua: CLAIM })
      client.defineCommand('ffaComplete', { numberOfKeys: 1, lua: COMPLETE })
      client.defineCommand('ffaRelease', { numberOfKeys: 1, lua: RELEASE })
    }
    this.#client = client as Redis & ClaimCommands
    this.#prefix = prefix
    this.#overLapsed = recordOverLapsed ? '1' : '0'
  }

  /** `null` when this claim took the key; else the value already there (another claim, or an answer). */
  async claim (key: string, claim: string, lockMs: number): Promise<string | null> {
    return await this.#client.ffaClaim(this.#prefix + key, claim, lockMs)
  }

  async complete (key: string, claim: string, answer: string, ttlMs: number): Promise<void> {
    await this.#client.ffaComplete(this.#prefix + key, claim, answer, ttlMs, this.#overLapsed)
  }

  async release (key: string, claim: string): Promise<void> {
    await this.#client.ffaRelease(this.#prefix + key, claim)
  }
}
