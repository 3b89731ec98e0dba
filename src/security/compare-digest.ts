import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Whether two secrets are equal, in a time that does not depend on where they differ or on
 * how long the expected one is (FastAPI's docs use Python's `secrets.compare_digest`): both
 * are hashed to SHA-256 first, so `timingSafeEqual` compares two digests of one length.
 * Strings are compared as their UTF-8 bytes. Compare the username and the password both,
 * every time, before deciding: stopping at a wrong username tells an attacker it was wrong.
 *
 * @example
 * const rightUsername = compareDigest(credentials.username, 'stanleyjobson')
 * const rightPassword = compareDigest(credentials.password, 'swordfish')
 * if (!(rightUsername && rightPassword)) throw new HTTPException(401, 'Incorrect username or password', { 'WWW-Authenticate': 'Basic' })
 */
export function compareDigest (given: string | Uint8Array, expected: string | Uint8Array): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

function digest (value: string | Uint8Array): Buffer {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
    throw new TypeError(`compareDigest(a, b): each secret must be a string or bytes; got ${typeof value}`)
  }
  return createHash('sha256').update(value).digest()
}
