import type { Redis } from 'ioredis'
import type { CacheStore } from './cache-store.js'

// KEYS: the entry, then its tags' sets. ARGV: the JSON text, the ttl in ms. A tag's set lives
// as long as its longest entry; one script, so a tag never names a key it does not hold yet.
const SET_WITH_TAGS = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local ttl = tonumber(ARGV[2])
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1
`
const COMMAND = 'ffaCacheSet'

type SetCommand = (keyCount: number, ...args: Array<string | number>) => Promise<unknown>

/**
 * Cached values in Redis, shared by every instance of the app: each under `<prefix><key>` as
 * JSON text that Redis expires (PX), each tag a set of its keys under `<prefix>tag:<tag>`.
 */
export class RedisCacheStore implements CacheStore {
  readonly #client: Redis
  readonly #prefix: string

  constructor (client: Redis, prefix: string) {
    this.#client = client
    this.#prefix = prefix
    // ioredis loads the script once per connection and runs it by its hash.
    if (!(COMMAND in client)) client.defineCommand(COMMAND, { lua: SET_WITH_TAGS })
  }

  async get (key: string): Promise<string | undefined> {
    return await this.#client.get(this.#prefix + key) ?? undefined
  }

  async set (key: string, text: string, ttl: number, tags: readonly string[]): Promise<void> {
    const keys = [this.#prefix + key, ...tags.map((tag) => this.#tagKey(tag))]
    await (this.#client as unknown as Record<typeof COMMAND, SetCommand>)[COMMAND](keys.length, ...keys, text, ttl)
  }

  async delete (keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.#client.del(...keys.map((key) => this.#prefix + key))
  }

  async deleteTags (tags: readonly string[]): Promise<void> {
    for (const tag of tags) {
      const tagKey = this.#tagKey(tag)
      const keys = await this.#client.smembers(tagKey)
      if (keys.length === 0) continue
      // SREM, not DEL: a key filed under the tag meanwhile stays filed.
      await this.#client.multi().del(...keys).srem(tagKey, ...keys).exec()
    }
  }

  #tagKey (tag: string): string {
    return `${this.#prefix}tag:${tag}`
  }
}
