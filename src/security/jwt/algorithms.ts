/** The signing algorithms a key may use (JWA, RFC 7518). `none` is not one: an unsigned token proves nothing. */
export type JWTAlgorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA'

/** What kind of key an algorithm signs with: a shared secret, or one of the asymmetric key types. */
export type KeyFamily = 'secret' | 'rsa' | 'ec' | 'ed'

interface AlgorithmFacts {
  family: KeyFamily
  /** HS: the secret's least length in bytes, the hash's output (RFC 7518 section 3.2). */
  minSecretBytes?: number
  /** ES: the one curve the algorithm is defined on (node:crypto's name). */
  curve?: string
}

export const ALGORITHMS: Readonly<Record<JWTAlgorithm, AlgorithmFacts>> = {
  HS256: { family: 'secret', minSecretBytes: 32 },
  HS384: { family: 'secret', minSecretBytes: 48 },
  HS512: { family: 'secret', minSecretBytes: 64 },
  RS256: { family: 'rsa' },
  RS384: { family: 'rsa' },
  RS512: { family: 'rsa' },
  PS256: { family: 'rsa' },
  PS384: { family: 'rsa' },
  PS512: { family: 'rsa' },
  ES256: { family: 'ec', curve: 'prime256v1' },
  ES384: { family: 'ec', curve: 'secp384r1' },
  ES512: { family: 'ec', curve: 'secp521r1' },
  EdDSA: { family: 'ed' },
}

export function isJWTAlgorithm (value: unknown): value is JWTAlgorithm {
  return typeof value === 'string' && Object.hasOwn(ALGORITHMS, value)
}

/** RSA keys shorter than this are refused (NIST SP 800-131A; RFC 7518 section 3.3 asks for 2048 at least). */
export const MIN_RSA_BITS = 2048
