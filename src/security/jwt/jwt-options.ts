import type { z } from 'zod'
import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { describeValue } from '../../shared/options.js'
import { isZodSchema } from '../../shared/is-zod-schema.js'
import type { JWTAlgorithm } from './algorithms.js'
import { resolveKey, type JWTKey, type KeyMaterial, type ResolvedKey } from './jwt-keys.js'

/** The claims schema's type: a zod schema of an object. */
export type ClaimsSchema = z.core.$ZodType<object, object>

/**
 * A JWT's options. One key: `algorithms` with `secret` (HS) or `publicKey`/`privateKey`.
 * Several (rotation): `keys`, the first signs, each verifies the tokens carrying its `kid`.
 */
export interface JWTOptions<TSchema extends ClaimsSchema | undefined = undefined> {
  /** The one key's algorithms (it signs with the first). Never `none`. */
  algorithms?: readonly JWTAlgorithm[]
  secret?: string | Buffer
  publicKey?: KeyMaterial
  privateKey?: KeyMaterial
  /** The one key's id, written in the header of the tokens it signs. */
  kid?: string
  /** Several keys, each with its own `kid`: the first signs; a token is verified by the key its `kid` names. */
  keys?: readonly JWTKey[]
  /** `iss`: written into every token, and required to match on verify. */
  issuer?: string
  /** `aud`: written into every token; on verify, the token's `aud` must name one of them. */
  audience?: string | readonly string[]
  /** Seconds from `iat` to `exp` of a signed token. Default 900 (15 minutes, FastAPI's tutorial's default). */
  expiresIn?: number
  /** Seconds from `iat` to `nbf` of a signed token. Default 0: no `nbf`. */
  notBefore?: number
  /** Clock skew allowed on `exp`, `nbf` and `iat`, in seconds. Default 0 (PyJWT's). */
  leeway?: number
  /** Refuse tokens whose `iat` is older than this many seconds, whatever their `exp`. Default: none. */
  maxAge?: number
  /** Claims a token must carry. Default `['exp']`: a token without one would never expire. */
  requiredClaims?: readonly string[]
  /** How many verified tokens to remember (by hash), so a token seen again skips the signature check. Default 1000; 0 turns it off. */
  cache?: number
  /** How long a remembered token is trusted without a new check, in seconds (never past its `exp`). Default 600. */
  cacheTTL?: number
  /** A zod schema of the claims: `verify` validates them with it and returns its output; `sign` is typed by its input. */
  claims?: TSchema
  /** The time to use instead of the clock's, in milliseconds since the epoch (tests). */
  clockTimestamp?: number
}

/** A JWT's settings as checked, without the key material (which stays private to the JWT). */
export interface JWTSettings {
  /** Each key's id and algorithms, the signing key first. */
  readonly keys: ReadonlyArray<{ readonly kid: string | undefined, readonly algorithms: readonly JWTAlgorithm[] }>
  readonly issuer: string | undefined
  readonly audience: readonly string[] | undefined
  /** What sign writes as `aud`: the option as given. */
  readonly audienceClaim: string | readonly string[] | undefined
  readonly expiresIn: number
  readonly notBefore: number
  readonly leeway: number
  readonly maxAge: number | undefined
  readonly requiredClaims: readonly string[]
  readonly cache: number
  readonly cacheTTL: number
  readonly claims: ClaimsSchema | undefined
  readonly clockTimestamp: number | undefined
}

export interface ResolvedJWTOptions extends Omit<JWTSettings, 'keys'> {
  readonly keys: readonly ResolvedKey[]
}

export const JWT_DEFAULTS = Object.freeze({
  expiresIn: 900,
  notBefore: 0,
  leeway: 0,
  requiredClaims: Object.freeze(['exp']) as readonly string[],
  cache: 1000,
  cacheTTL: 600,
})

const OPTION_NAMES = [
  'algorithms', 'secret', 'publicKey', 'privateKey', 'kid', 'keys', 'issuer', 'audience', 'expiresIn', 'notBefore',
  'leeway', 'maxAge', 'requiredClaims', 'cache', 'cacheTTL', 'claims', 'clockTimestamp',
]
const ONE_KEY = ['algorithms', 'secret', 'publicKey', 'privateKey', 'kid'] as const

function invalid (option: string, message: string): never {
  throw new FFA_ERR_OPTION_INVALID('JWT', option, message)
}

function seconds (name: string, value: unknown, fallback: number, least: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || (value as number) < least) {
    invalid(name, `must be a whole number of seconds, at least ${least}; got ${describeValue(value)}`)
  }
  return value as number
}

function count (name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    invalid(name, `must be a whole number of tokens, 0 to turn it off; got ${describeValue(value)}`)
  }
  return value as number
}

function resolveKeys (options: JWTOptions<ClaimsSchema | undefined>): ResolvedKey[] {
  const oneKey = ONE_KEY.filter((name) => options[name] !== undefined)
  if (options.keys !== undefined) {
    if (oneKey.length > 0) invalid(oneKey[0] as string, "is set beside 'keys': give it inside each key of 'keys', or drop 'keys' for a single key")
    if (!Array.isArray(options.keys) || options.keys.length === 0) {
      invalid('keys', `must be a non-empty array of keys, like [{ kid: '2025-06', algorithms: ['RS256'], privateKey, publicKey }]; got ${describeValue(options.keys)}`)
    }
    const keys = options.keys.map((key, index) => resolveKey(`keys[${index}].`, key))
    if (keys.length > 1) {
      const seen = new Set<string>()
      keys.forEach((key, index) => {
        if (key.kid === undefined) invalid(`keys[${index}].kid`, 'is missing: with several keys, each needs its own kid, so that a token says which key verifies it')
        if (seen.has(key.kid)) invalid(`keys[${index}].kid`, `repeats '${key.kid}': each key needs its own kid`)
        seen.add(key.kid)
      })
    }
    return keys
  }
  if (options.algorithms === undefined) {
    invalid('algorithms', "is missing: say how tokens are signed, like { algorithms: ['HS256'], secret } or { algorithms: ['RS256'], privateKey, publicKey }")
  }
  return [resolveKey('', { algorithms: options.algorithms, secret: options.secret, publicKey: options.publicKey, privateKey: options.privateKey, kid: options.kid })]
}

function resolveAudience (value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item === '')) {
    invalid('audience', `must be a non-empty string or a non-empty array of them; got ${describeValue(value)}`)
  }
  return Object.freeze([...list] as string[])
}

/** Checks a JWT's options once, at construction: each mistake throws FFA_ERR_OPTION_INVALID naming the option and the fix. */
export function resolveJWTOptions (options: JWTOptions<ClaimsSchema | undefined>): ResolvedJWTOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    invalid('(options)', `must be an object like { algorithms: ['HS256'], secret }; got ${describeValue(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) invalid(key, `is not an option of JWT; its options are: ${OPTION_NAMES.join(', ')}`)
  }
  const keys = resolveKeys(options)
  if (options.issuer !== undefined && (typeof options.issuer !== 'string' || options.issuer === '')) {
    invalid('issuer', `must be a non-empty string; got ${describeValue(options.issuer)}`)
  }
  const audience = resolveAudience(options.audience)
  const maxAge = options.maxAge === undefined ? undefined : seconds('maxAge', options.maxAge, 0, 1)
  let requiredClaims = JWT_DEFAULTS.requiredClaims
  if (options.requiredClaims !== undefined) {
    if (!Array.isArray(options.requiredClaims) || options.requiredClaims.some((claim) => typeof claim !== 'string' || claim === '')) {
      invalid('requiredClaims', `must be an array of claim names, like ['exp', 'sub']; got ${describeValue(options.requiredClaims)}`)
    }
    requiredClaims = options.requiredClaims
  }
  if (options.claims !== undefined && !isZodSchema(options.claims)) {
    invalid('claims', `must be a zod schema of the claims, like z.object({ sub: z.string() }); got ${describeValue(options.claims)}`)
  }
  if (options.clockTimestamp !== undefined && (!Number.isSafeInteger(options.clockTimestamp) || options.clockTimestamp < 0)) {
    invalid('clockTimestamp', `must be milliseconds since the epoch, like Date.now(); got ${describeValue(options.clockTimestamp)}`)
  }
  return Object.freeze({
    keys: Object.freeze(keys),
    issuer: options.issuer,
    audience,
    audienceClaim: typeof options.audience === 'string' ? options.audience : audience,
    expiresIn: seconds('expiresIn', options.expiresIn, JWT_DEFAULTS.expiresIn, 1),
    notBefore: seconds('notBefore', options.notBefore, JWT_DEFAULTS.notBefore, 0),
    leeway: seconds('leeway', options.leeway, JWT_DEFAULTS.leeway, 0),
    maxAge,
    // iat must be there for maxAge to mean anything.
    requiredClaims: Object.freeze([...new Set([...requiredClaims, ...(maxAge === undefined ? [] : ['iat'])])]),
    cache: count('cache', options.cache, JWT_DEFAULTS.cache),
    cacheTTL: seconds('cacheTTL', options.cacheTTL, JWT_DEFAULTS.cacheTTL, 0),
    claims: options.claims,
    clockTimestamp: options.clockTimestamp,
  })
}
