/**
 * Why a token was refused. The client is told none of it (every reason answers the same 401,
 * as FastAPI's tutorial does): it is for logs and tests.
 */
export type InvalidTokenReason =
  | 'malformed' //      not three base64url parts of JSON, or not a string
  | 'algorithm' //      its `alg` is not one the key allows (`none`, HS256 against an RS256 key ...)
  | 'signature' //      the signature does not match, or is missing
  | 'unknown_kid' //    its `kid` names no configured key (or is missing where keys have ids)
  | 'expired' //        `exp` is past, beyond the leeway (or `iat` older than `maxAge`)
  | 'not_yet_valid' //  `nbf` or `iat` is in the future, beyond the leeway
  | 'audience' //       `aud` is missing or names none of the allowed audiences
  | 'issuer' //         `iss` is missing or is not the issuer
  | 'missing_claim' //  a required claim (`exp` by default) is missing
  | 'claims' //         a claim has the wrong type, or the claims do not fit the `claims` schema

/**
 * A JWT that did not verify (PyJWT's `InvalidTokenError`).
 *
 * @example
 * try { jwt.verify(token) } catch (error) {
 *   if (error instanceof InvalidTokenError && error.reason === 'expired') ...
 * }
 */
export class InvalidTokenError extends Error {
  readonly reason: InvalidTokenReason

  constructor (reason: InvalidTokenReason, message: string) {
    super(message)
    this.name = 'InvalidTokenError'
    this.reason = reason
  }
}

// fast-jwt's error codes, by the reason they are.
const FAST_JWT_REASONS: Readonly<Record<string, InvalidTokenReason>> = {
  FAST_JWT_MALFORMED: 'malformed',
  FAST_JWT_INVALID_TYPE: 'malformed',
  FAST_JWT_INVALID_PAYLOAD: 'malformed',
  FAST_JWT_INVALID_CRIT_HEADER: 'malformed',
  FAST_JWT_INVALID_ALGORITHM: 'algorithm',
  FAST_JWT_INVALID_SIGNATURE: 'signature',
  FAST_JWT_MISSING_SIGNATURE: 'signature',
  // A signature of the wrong shape (an ES256 one of the wrong length) makes node:crypto throw.
  FAST_JWT_VERIFY_ERROR: 'signature',
  FAST_JWT_EXPIRED: 'expired',
  FAST_JWT_INACTIVE: 'not_yet_valid',
  FAST_JWT_MISSING_REQUIRED_CLAIM: 'missing_claim',
  FAST_JWT_INVALID_CLAIM_TYPE: 'claims',
  FAST_JWT_INVALID_CLAIM_VALUE: 'claims',
}

/** fast-jwt's error as ours; an error of another kind (a bug, not a bad token) is returned as it is. */
export function fromFastJwtError (error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code
  const reason = typeof code === 'string' ? FAST_JWT_REASONS[code] : undefined
  return reason === undefined ? error : new InvalidTokenError(reason, (error as Error).message)
}
