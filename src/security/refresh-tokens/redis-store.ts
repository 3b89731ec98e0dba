import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { describeValue } from '../../shared/options.js'
import type { RedisClient } from '../../shared/redis-client.js'
import type { RefreshTokenStore, RotateOutcome, StoredToken } from './refresh-token-store.js'

export interface RedisRefreshTokenStoreOptions {
  /** A Redis URL (`redis://127.0.0.1:6379/0`): the store opens its own connection and closes it in `close()`. */
  url?: string
  /** Or a connection of yours (ioredis); `close()` leaves it open. */
  client?: RedisClient
  /** Put before every key. Default `'ffa:refresh:'`. */
  keyPrefix?: string
}

// Each step is one Lua script: Redis runs a script alone, so two app instances racing on one
// token cannot both see it unused. Every key a script touches is passed in KEYS (the family id
// is part of the token), as Redis asks of scripts.

// KEYS: token, family, next token. ARGV: family, now, ttl (ms).
const ROTATE = `
local token = redis.call('HMGET', KEYS[1], 'family', 'subject', 'data', 'expiresAt', 'used')
if not token[1] or token[1] ~= ARGV[1] then return {'invalid'} end
local family = redis.call('HMGET', KEYS[2], 'expiresAt', 'revoked')
local now = tonumber(ARGV[2])
if not family[1] or tonumber(family[1]) <= now then return {'expired'} end
if family[2] == '1' then return {'revoked'} end
if token[5] == '1' then
  redis.call('HSET', KEYS[2], 'revoked', '1')
  return {'reused', token[2]}
end
if tonumber(token[4]) <= now then return {'expired'} end
redis.call('HSET', KEYS[1], 'used', '1')
local expiresAt = string.format('%.0f', math.min(now + tonumber(ARGV[3]), tonumber(family[1])))
redis.call('HSET', KEYS[3], 'family', ARGV[1], 'subject', token[2], 'data', token[3], 'expiresAt', expiresAt, 'used', '0')
redis.call('PEXPIREAT', KEYS[3], expiresAt)
return {'rotated', token[2], token[3], expiresAt}
`

// KEYS: family, token. ARGV: family id ('' to revoke without a token).
const REVOKE = `
if ARGV[1] ~= '' and redis.call('HGET', KEYS[2], 'family') ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'revoked', '1')
return 1
`

// KEYS: family, token. ARGV: family expiry, token family, subject, data, token expiry.
const ISSUE = `
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1], 'revoked', '0')
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'family', ARGV[2], 'subject', ARGV[3], 'data', ARGV[4], 'expiresAt', ARGV[5], 'used', '0')
redis.call('PEXPIREAT', KEYS[2], ARGV[5])
return 1
`

interface Script { source: string, sha: string }

function script (source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') }
}

const SCRIPTS = { rotate: script(ROTATE), revoke: script(REVOKE), issue: script(ISSUE) }

/**
 * Refresh tokens in Redis, shared by every instance of the app: tokens hashed, each key
 * expiring with its token (or family), rotation and reuse detection atomic (Lua scripts).
 * For one Redis server (or a primary with replicas); a cluster would need a family's keys
 * in one slot.
 */
export class RedisRefreshTokenStore implements RefreshTokenStore {
  readonly #prefix: string
  readonly #client: Promise<Redis>
  readonly #ownsClient: boolean

  constructor (options: RedisRefreshTokenStoreOptions) {
    const where = 'RedisRefreshTokenStore'
    if (typeof options !== 'object' || options === null) throw new FFA_ERR_OPTION_INVALID(where, '(options)', `must be { url } or { client }; got ${describeValue(options)}`)
    if ((options.url === undefined) === (options.client === undefined)) {
      throw new FFA_ERR_OPTION_INVALID(where, 'url', `or 'client' must be given, not both nor neither: { url: 'redis://127.0.0.1:6379' } or { client: new Redis(...) }; got ${describeValue(options)}`)
    }
    if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
      throw new FFA_ERR_OPTION_INVALID(where, 'url', `must be a redis:// or rediss:// URL; got ${describeValue(options.url)}`)
    }
    if (options.keyPrefix !== undefined && typeof options.keyPrefix !== 'string') {
      throw new FFA_ERR_OPTION_INVALID(where, 'keyPrefix', `must be a string; got ${describeValue(options.keyPrefix)}`)
    }
    this.#prefix = options.keyPrefix ?? 'ffa:refresh:'
    this.#ownsClient = options.client === undefined
    const url = options.url
    // ioredis is loaded only by an app that uses this store.
    this.#client = options.client !== undefined ? Promise.resolve(options.client as Redis) : import('ioredis').then(({ Redis }) => new Redis(url as string))
    this.#client.catch(() => { /* reported by the first call that needs the client */ })
  }

  async issue (token: StoredToken, familyExpiresAt: number): Promise<void> {
    await this.#run(SCRIPTS.issue, [this.#familyKey(token.family), this.#tokenKey(token.hash)],
      [String(familyExpiresAt), token.family, token.subject, token.data, String(token.expiresAt)])
  }

  async rotate (family: string, hash: string, nextHash: string, now: number, ttl: number): Promise<RotateOutcome> {
    const reply = await this.#run(SCRIPTS.rotate, [this.#tokenKey(hash), this.#familyKey(family), this.#tokenKey(nextHash)], [family, String(now), String(ttl)]) as string[]
    const [outcome, subject = '', data = '', expiresAt = '0'] = reply
    if (outcome === 'rotated') return { outcome, subject, data, expiresAt: Number(expiresAt) }
    if (outcome === 'reused') return { outcome, subject }
    return { outcome: outcome as 'invalid' | 'expired' | 'revoked' }
  }

  async revoke (family: string, hash: string): Promise<boolean> {
    return await this.#run(SCRIPTS.revoke, [this.#familyKey(family), this.#tokenKey(hash)], [family]) === 1
  }

  async revokeFamily (family: string): Promise<boolean> {
    return await this.#run(SCRIPTS.revoke, [this.#familyKey(family), this.#tokenKey('')], ['']) === 1
  }

  async close (): Promise<void> {
    if (!this.#ownsClient) return
    const client = await this.#client.catch(() => undefined)
    await client?.quit()
  }

  #tokenKey (hash: string): string {
    return `${this.#prefix}t:${hash}`
  }

  #familyKey (family: string): string {
    return `${this.#prefix}f:${family}`
  }

  // EVALSHA, and EVAL once when the server does not have the script yet (or lost it in a restart).
  async #run (code: Script, keys: string[], args: string[]): Promise<unknown> {
    const client = await this.#client
    try {
      return await client.evalsha(code.sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return await client.eval(code.source, keys.length, ...keys, ...args)
    }
  }
}
