import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { describeValue } from '../../shared/options.js'
import { InvalidRefreshTokenError } from './invalid-refresh-token.js'
import { MemoryRefreshTokenStore } from './memory-store.js'
import { familyOf, hashToken, newFamilyId, newToken } from './opaque-token.js'
import { RedisRefreshTokenStore } from './redis-store.js'
import type { RefreshTokenStore } from './refresh-token-store.js'

export interface RefreshTokensOptions {
  /** How long one refresh token lives, in seconds; each rotation starts a new one. Default 1,209,600 (14 days). */
  ttl?: number
  /** How long a family (one login) lives, in seconds, however often it rotates; then the user logs in again. Default 7,776,000 (90 days). */
  familyTtl?: number
  /** Where tokens live: a store, or a Redis URL (`redis://...`). Default: this process's memory (a MemoryRefreshTokenStore). */
  store?: RefreshTokenStore | string
  /** Called when a used token comes back and its family is revoked: log it, alert on it. */
  onReuse?: (event: { family: string, subject: string }) => void
  /** The time to use instead of the clock's, in milliseconds since the epoch (tests). */
  clock?: () => number
}

/** A refresh token handed out: at login (`issue`) or in exchange for the previous one (`rotate`). */
export interface IssuedRefreshToken<TData> {
  /** The token for the client: opaque, 65 base64url characters. */
  token: string
  /** Its family: every token issued from one login. */
  family: string
  subject: string
  data: TData | undefined
  /** When it expires, in milliseconds since the epoch. */
  expiresAt: number
}

export const REFRESH_TOKEN_DEFAULTS = Object.freeze({ ttl: 14 * 24 * 3600, familyTtl: 90 * 24 * 3600 })

const OPTION_NAMES = ['ttl', 'familyTtl', 'store', 'onReuse', 'clock']

function invalid (option: string, message: string): never {
  throw new FFA_ERR_OPTION_INVALID('RefreshTokens', option, message)
}

function seconds (name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || (value as number) < 1) invalid(name, `must be a whole number of seconds, at least 1; got ${describeValue(value)}`)
  return value as number
}

function resolveStore (store: unknown): RefreshTokenStore {
  if (store === undefined) return new MemoryRefreshTokenStore()
  if (typeof store === 'string') return new RedisRefreshTokenStore({ url: store })
  const methods = ['issue', 'rotate', 'revoke', 'revokeFamily', 'close'] as const
  if (typeof store !== 'object' || store === null || methods.some((method) => typeof (store as Record<string, unknown>)[method] !== 'function')) {
    invalid('store', `must be a Redis URL ('redis://127.0.0.1:6379') or a store with ${methods.join(', ')} (a MemoryRefreshTokenStore or RedisRefreshTokenStore); got ${describeValue(store)}`)
  }
  return store as RefreshTokenStore
}

/**
 * Opaque refresh tokens with rotation and reuse detection. `issue` at login starts a family;
 * `rotate` exchanges a token for the next one of its family, once: a token presented again
 * (someone holds a copy) revokes the whole family, so neither the thief nor the user can
 * refresh until the user logs in again. Stores keep SHA-256 hashes, never tokens.
 *
 * @example
 * const refreshTokens = new RefreshTokens({ store: process.env.REDIS_URL })
 * const { token } = await refreshTokens.issue(user.username, { scope: 'me items' })     // at login
 * const next = await refreshTokens.rotate(body.refresh_token)    // 400 Invalid refresh token if refused
 * await refreshTokens.revoke(body.refresh_token)                 // logout
 */
export class RefreshTokens<TData = unknown> {
  readonly ttl: number
  readonly familyTtl: number
  readonly store: RefreshTokenStore
  readonly #onReuse: RefreshTokensOptions['onReuse']
  readonly #clock: () => number

  constructor (options: RefreshTokensOptions = {}) {
    if (typeof options !== 'object' || options === null) invalid('(options)', `must be an object like { ttl, store }; got ${describeValue(options)}`)
    for (const key of Object.keys(options)) {
      if (!OPTION_NAMES.includes(key)) invalid(key, `is not an option of RefreshTokens; its options are: ${OPTION_NAMES.join(', ')}`)
    }
    this.ttl = seconds('ttl', options.ttl, REFRESH_TOKEN_DEFAULTS.ttl)
    this.familyTtl = seconds('familyTtl', options.familyTtl, Math.max(REFRESH_TOKEN_DEFAULTS.familyTtl, this.ttl))
    if (this.familyTtl < this.ttl) invalid('familyTtl', `(${this.familyTtl} s) is shorter than 'ttl' (${this.ttl} s): a token would outlive its login. Make familyTtl at least ttl`)
    for (const name of ['onReuse', 'clock'] as const) {
      if (options[name] !== undefined && typeof options[name] !== 'function') invalid(name, `must be a function; got ${describeValue(options[name])}`)
    }
    this.store = resolveStore(options.store)
    this.#onReuse = options.onReuse
    this.#clock = options.clock ?? Date.now
  }

  /** Starts a family (a login) for `subject`, with `data` to hand back at each rotation (granted scopes ...). */
  async issue (subject: string, data?: TData): Promise<IssuedRefreshToken<TData>> {
    if (typeof subject !== 'string' || subject === '') throw new TypeError(`RefreshTokens.issue(subject, data): subject must be a non-empty string; got ${describeValue(subject)}`)
    const now = this.#clock()
    const family = newFamilyId()
    const token = newToken(family)
    const expiresAt = now + this.ttl * 1000
    // JSON.stringify gives undefined for a function or a symbol: stored as no data.
    const json = data === undefined ? '' : JSON.stringify(data) ?? ''
    await this.store.issue({ hash: hashToken(token), family, subject, data: json, expiresAt }, now + this.familyTtl * 1000, now)
    return { token, family, subject, data, expiresAt }
  }

  /**
   * Exchanges a refresh token for the next of its family, once. Throws InvalidRefreshTokenError
   * (400 `Invalid refresh token`) for a token that is unknown, expired or revoked, and for a
   * token used before, whose whole family it revokes.
   */
  async rotate (token: string): Promise<IssuedRefreshToken<TData>> {
    const family = familyOf(token)
    if (family === undefined) throw new InvalidRefreshTokenError('invalid')
    const next = newToken(family)
    const result = await this.store.rotate(family, hashToken(token), hashToken(next), this.#clock(), this.ttl * 1000)
    if (result.outcome === 'rotated') {
      return { token: next, family, subject: result.subject, data: result.data === '' ? undefined : JSON.parse(result.data) as TData, expiresAt: result.expiresAt }
    }
    if (result.outcome === 'reused') this.#onReuse?.({ family, subject: result.subject })
    throw new InvalidRefreshTokenError(result.outcome)
  }

  /** Logout: revokes the family of this token (every token of that login); whether it was a token of ours. */
  async revoke (token: string): Promise<boolean> {
    const family = familyOf(token)
    return family !== undefined && await this.store.revoke(family, hashToken(token))
  }

  /** Revokes a family by its id (`issue` and `rotate` give it); whether there was one. */
  async revokeFamily (family: string): Promise<boolean> {
    return await this.store.revokeFamily(family)
  }

  /** Closes the store (the Redis connection it opened from a URL). */
  async close (): Promise<void> {
    await this.store.close()
  }
}
