// The stored form of a scrypt hash, in the PHC string format (as passlib and argon2 write
// theirs): `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`, salt and hash in base64 without padding.
// The parameters travel with the hash, so a hash made under old parameters still verifies
// and `needsRehash` can tell it is old.

/** scrypt's parameters: N = 2^ln (CPU and memory cost), r (block size), p (parallelization). */
export interface ScryptParameters {
  ln: number
  r: number
  p: number
}

export interface ScryptHash extends ScryptParameters {
  salt: Buffer
  hash: Buffer
}

const ID = 'scrypt'
// Strict on purpose: one way to write each hash, so a stored value that differs from what
// `formatScryptHash` writes is not one of ours. Base64's standard alphabet, no padding (PHC).
const PATTERN = /^\$scrypt\$ln=([1-9]\d?),r=([1-9]\d?),p=([1-9]\d?)\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/

function base64 (bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '')
}

export function formatScryptHash ({ ln, r, p, salt, hash }: ScryptHash): string {
  return `$${ID}$ln=${ln},r=${r},p=${p}$${base64(salt)}$${base64(hash)}`
}

/** The parts of a stored hash; `undefined` for anything that is not one this module wrote. */
export function parseScryptHash (stored: unknown): ScryptHash | undefined {
  if (typeof stored !== 'string' || stored.length > 512) return undefined
  const match = PATTERN.exec(stored)
  if (match === null) return undefined
  const [, ln, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string]
  // A length of 4k + 1 base64 characters decodes to nothing whole: not a value we wrote.
  if (salt.length % 4 === 1 || hash.length % 4 === 1) return undefined
  return { ln: Number(ln), r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }
}
