/** A token as a store keeps it: hashed, with its family, subject, data (JSON) and expiry. */
export interface StoredToken {
  /** The token's SHA-256 (base64url). */
  hash: string
  family: string
  subject: string
  /** The data given at login, as JSON ('' for none). */
  data: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

/** What a rotation found. Only `rotated` hands out a new token. */
export type RotateOutcome =
  | { outcome: 'rotated', subject: string, data: string, expiresAt: number }
  | { outcome: 'reused', subject: string }
  | { outcome: 'invalid' | 'expired' | 'revoked' }

/**
 * Where refresh tokens live. Each method is one atomic step: two app instances sharing a
 * store (Redis) can race on one token and only one of them wins.
 */
export interface RefreshTokenStore {
  /** Starts a family (a login) with its first token, at `now`; the family ends at `familyExpiresAt` whatever happens. */
  issue (token: StoredToken, familyExpiresAt: number, now: number): Promise<void>
  /**
   * Checks the token `hash` of `family` at `now`: unknown, expired, or its family revoked or
   * ended, it is refused; already used, its whole family is revoked (reuse: someone holds a
   * copy); otherwise it is marked used and `nextHash` is stored in the family, expiring
   * `ttl` ms from now but never after the family.
   */
  rotate (family: string, hash: string, nextHash: string, now: number, ttl: number): Promise<RotateOutcome>
  /** Revokes the family of the token `hash`, if the token is one of it; whether it did. */
  revoke (family: string, hash: string): Promise<boolean>
  /** Revokes a family; whether there was one. */
  revokeFamily (family: string): Promise<boolean>
  /** Lets go of what the store holds open (a Redis connection it made). */
  close (): Promise<void>
}
