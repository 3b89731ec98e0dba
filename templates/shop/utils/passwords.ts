import { randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto'

// scrypt is memory-hard, built into Node, and what OWASP lists next to Argon2 for passwords.
// N = 2^14, r = 8, p = 1 are Node's defaults (about 16 MiB and a few dozen ms per hash).
const KEY_LENGTH = 64
const SALT_BYTES = 16
const PREFIX = 'scrypt'

function deriveKey (password: BinaryLike, salt: BinaryLike): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/**
 * Hashes a password with a fresh random salt: `scrypt$<salt>$<key>` (base64url). The plain
 * password is never stored (FastAPI's security tutorial does the same with passlib).
 */
export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await deriveKey(password, salt)
  return [PREFIX, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Whether `password` is the one `hashed` was made from. */
export async function verifyPassword (password: string, hashed: string): Promise<boolean> {
  const [prefix, salt, key] = hashed.split('$')
  if (prefix !== PREFIX || salt === undefined || key === undefined) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await deriveKey(password, Buffer.from(salt, 'base64url'))
  // Constant time: how long a comparison takes must not tell an attacker how much matched.
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
