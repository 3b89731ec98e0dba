import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { describeValue } from '../../shared/options.js'
import type { RefreshTokenStore, RotateOutcome, StoredToken } from './refresh-token-store.js'

export interface MemoryRefreshTokenStoreOptions {
  /** How many tokens (used ones included, until they expire) it holds; past it, the oldest go. Default 100,000. */
  maxTokens?: number
  /** How often, at most, expired tokens and families are swept out, in seconds (on the next write). Default 60. */
  sweepInterval?: number
}

interface TokenEntry { family: string, subject: string, data: string, expiresAt: number, used: boolean }
interface FamilyEntry { expiresAt: number, revoked: boolean }

export const MEMORY_STORE_DEFAULTS = Object.freeze({ maxTokens: 100_000, sweepInterval: 60 })

/**
 * Refresh tokens in this process's memory: the default, for one instance and for tests.
 * Bounded (the oldest tokens go first past `maxTokens`) and swept of expired entries. Tokens
 * do not survive a restart and are not shared between instances: use Redis for that.
 */
export class MemoryRefreshTokenStore implements RefreshTokenStore {
  readonly #tokens = new Map<string, TokenEntry>()
  readonly #families = new Map<string, FamilyEntry>()
  readonly #maxTokens: number
  readonly #sweepMs: number
  #nextSweep = 0

  constructor (options: MemoryRefreshTokenStoreOptions = {}) {
    for (const name of ['maxTokens', 'sweepInterval'] as const) {
      const value = options[name]
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
        throw new FFA_ERR_OPTION_INVALID('MemoryRefreshTokenStore', name, `must be an integer of at least 1; got ${describeValue(value)}`)
      }
    }
    this.#maxTokens = options.maxTokens ?? MEMORY_STORE_DEFAULTS.maxTokens
    this.#sweepMs = (options.sweepInterval ?? MEMORY_STORE_DEFAULTS.sweepInterval) * 1000
  }

  /** How many tokens it holds (used and expired ones included, until swept). */
  get size (): number {
    return this.#tokens.size
  }

  async issue (token: StoredToken, familyExpiresAt: number, now: number): Promise<void> {
    this.#makeRoom(now)
    this.#families.set(token.family, { expiresAt: familyExpiresAt, revoked: false })
    this.#tokens.set(token.hash, { family: token.family, subject: token.subject, data: token.data, expiresAt: token.expiresAt, used: false })
  }

  async rotate (family: string, hash: string, nextHash: string, now: number, ttl: number): Promise<RotateOutcome> {
    const entry = this.#tokens.get(hash)
    if (entry === undefined || entry.family !== family) return { outcome: 'invalid' }
    const owner = this.#families.get(family)
    if (owner === undefined || owner.expiresAt <= now) return { outcome: 'expired' }
    if (owner.revoked) return { outcome: 'revoked' }
    if (entry.used) {
      owner.revoked = true
      return { outcome: 'reused', subject: entry.subject }
    }
    if (entry.expiresAt <= now) return { outcome: 'expired' }
    entry.used = true
    this.#makeRoom(now)
    const expiresAt = Math.min(now + ttl, owner.expiresAt)
    this.#tokens.set(nextHash, { family, subject: entry.subject, data: entry.data, expiresAt, used: false })
    return { outcome: 'rotated', subject: entry.subject, data: entry.data, expiresAt }
  }

  async revoke (family: string, hash: string): Promise<boolean> {
    if (this.#tokens.get(hash)?.family !== family) return false
    return await this.revokeFamily(family)
  }

  async revokeFamily (family: string): Promise<boolean> {
    const entry = this.#families.get(family)
    if (entry === undefined) return false
    entry.revoked = true
    return true
  }

  async close (): Promise<void> {
    this.#tokens.clear()
    this.#families.clear()
  }

  // Before a token is added: expired entries go (at most once per sweep interval, or when
  // full), then, if still full, the oldest tokens and families (Maps keep insertion order).
  #makeRoom (now: number): void {
    const full = this.#tokens.size >= this.#maxTokens || this.#families.size >= this.#maxTokens
    if (now >= this.#nextSweep || full) {
      this.#nextSweep = now + this.#sweepMs
      for (const [hash, entry] of this.#tokens) if (entry.expiresAt <= now) this.#tokens.delete(hash)
      for (const [family, entry] of this.#families) if (entry.expiresAt <= now) this.#families.delete(family)
    }
    evictOldest(this.#tokens, this.#maxTokens)
    evictOldest(this.#families, this.#maxTokens)
  }
}

function evictOldest (map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size < max) return
    map.delete(key)
  }
}
