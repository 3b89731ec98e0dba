import { createHash, randomBytes } from 'node:crypto'

// A refresh token is its family's id (128 random bits) then its own secret (256 random bits),
// both base64url: 22 + 43 characters. The family id rides in the token so that a store can
// name every key it touches before it reads any (Redis scripts declare their keys).
const FAMILY_LENGTH = 22
const SECRET_LENGTH = 43
export const TOKEN_LENGTH = FAMILY_LENGTH + SECRET_LENGTH
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{65}$/

export function newFamilyId (): string {
  return randomBytes(16).toString('base64url')
}

/** A new token of the family. */
export function newToken (family: string): string {
  return family + randomBytes(32).toString('base64url')
}

/** What a store keeps instead of the token: its SHA-256, so a leaked store holds no usable token. */
export function hashToken (token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** The family a token names, or `undefined` for a string that is no token of ours. */
export function familyOf (token: unknown): string | undefined {
  return typeof token === 'string' && TOKEN_SHAPE.test(token) ? token.slice(0, FAMILY_LENGTH) : undefined
}
