import { createSigner, createVerifier } from 'fast-jwt'
import { z } from 'zod'
import type { Dependency } from '../../depends/dependency.js'
import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { claimsDependency, type ClaimsDependencyOptions, type ClaimsOf, type VerifiedToken } from './claims-dependency.js'
import { fromFastJwtError, InvalidTokenError } from './invalid-token.js'
import { resolveJWTOptions, type ClaimsSchema, type JWTOptions, type JWTSettings, type ResolvedJWTOptions } from './jwt-options.js'

/** The registered claims (RFC 7519 section 4.1), and OAuth2's `scope`. */
export interface RegisteredClaims {
  iss?: string
  sub?: string
  aud?: string | string[]
  exp?: number
  nbf?: number
  iat?: number
  jti?: string
}

/** A token's claims when the JWT has no `claims` schema: the registered ones, `scope`, and any other. */
export interface JWTPayload extends RegisteredClaims {
  scope?: string
  scopes?: string[]
  [claim: string]: unknown
}

/** The claims `sign` writes itself when they are not given. */
type TimeClaims = 'iat' | 'exp' | 'nbf'

// What verify returns and what sign takes, read off the `claims` schema. sign fills the time
// claims, so a schema that requires `exp` does not make the caller write one.
//   ClaimsOutput<undefined>                                   => Readonly<JWTPayload>
//   ClaimsOutput<ZodObject<{ sub: ZodString, exp: ZodNumber }>> => { sub: string, exp: number }
//   ClaimsInput<ZodObject<{ sub: ZodString, exp: ZodNumber }>>  => { sub: string } & RegisteredClaims
export type ClaimsOutput<TSchema> = TSchema extends ClaimsSchema ? z.output<TSchema> : Readonly<JWTPayload>
export type ClaimsInput<TSchema> = TSchema extends ClaimsSchema ? Omit<z.input<TSchema>, TimeClaims> & RegisteredClaims : JWTPayload

/** Per-call options of `sign`. */
export interface SignOptions {
  /** Seconds from `iat` to `exp`, for this token (the JWT's `expiresIn` otherwise). */
  expiresIn?: number
  /** Seconds from `iat` to `nbf`, for this token (the JWT's `notBefore` otherwise). */
  notBefore?: number
}

type Signer = (payload: Record<string, unknown>) => string
type Verifier = (token: string) => Record<string, unknown>

function malformed (): InvalidTokenError {
  return new InvalidTokenError('malformed', 'The token is malformed.')
}

/**
 * Signs and verifies JSON Web Tokens through fast-jwt: an algorithm allow-list per key (never
 * `none`, never HS against an RSA key), `exp`/`nbf`/`iat` with leeway, `iss`/`aud`, several
 * keys by `kid` for rotation, and a typed `claims` dependency that checks OAuth2 scopes.
 * Everything is checked and compiled once, here; `verify` is synchronous.
 *
 * @example
 * const jwt = new JWT({ algorithms: ['HS256'], secret: process.env.JWT_SECRET, claims: z.object({ sub: z.string() }) })
 * const token = jwt.sign({ sub: 'johndoe', scope: 'me items' })
 * const currentUser = jwt.claims(bearerToken)                 // Dependency<{ sub: string }>
 * app.api.get('/users/me/items/', { deps: { user: Security(currentUser, ['items']) } }, ({ deps }) => deps.user.sub)
 */
export class JWT<TSchema extends ClaimsSchema | undefined = undefined> {
  /** The settings as checked, with their defaults; the keys' ids and algorithms, never their material (a logged JWT leaks no secret). */
  readonly options: JWTSettings
  readonly #signer: Signer | undefined
  /** The verifier when there is one key without a kid: no header to read first. */
  readonly #only: Verifier | undefined
  readonly #byKid: ReadonlyMap<string, Verifier>
  readonly #checksClaims: boolean
  /** The option that would give the signing key its private half, for sign's message. */
  readonly #signingKeyOption: string

  constructor (options: JWTOptions<TSchema>) {
    const resolved: ResolvedJWTOptions = resolveJWTOptions(options)
    this.options = Object.freeze({ ...resolved, keys: Object.freeze(resolved.keys.map(({ kid, algorithms }) => Object.freeze({ kid, algorithms }))) })
    const current = resolved.keys[0] as ResolvedJWTOptions['keys'][number]
    this.#signer = current.signingKey === undefined
      ? undefined
      : createSigner({ key: current.signingKey, algorithm: current.algorithms[0], ...(current.kid === undefined ? {} : { kid: current.kid }), ...(resolved.clockTimestamp === undefined ? {} : { clockTimestamp: resolved.clockTimestamp }) }) as Signer
    const verifiers = resolved.keys.map((key) => createVerifier({
      key: key.verifyingKey,
      algorithms: [...key.algorithms],
      clockTolerance: resolved.leeway * 1000,
      requiredClaims: [...resolved.requiredClaims],
      cache: resolved.cache,
      cacheTTL: resolved.cacheTTL * 1000,
      ...(resolved.maxAge === undefined ? {} : { maxAge: resolved.maxAge * 1000 }),
      ...(resolved.clockTimestamp === undefined ? {} : { clockTimestamp: resolved.clockTimestamp }),
    }) as Verifier)
    const only = resolved.keys.length === 1 && resolved.keys[0]?.kid === undefined ? verifiers[0] : undefined
    this.#only = only
    this.#byKid = new Map(resolved.keys.map((key, index) => [key.kid as string, verifiers[index] as Verifier]))
    this.#checksClaims = resolved.issuer !== undefined || resolved.audience !== undefined
    this.#signingKeyOption = options.keys === undefined ? 'privateKey' : 'keys[0].privateKey'
  }

  /**
   * Signs the claims with the current key (the first): `iat` now, `exp` after `expiresIn`,
   * `nbf` after `notBefore` when set, `iss` and `aud` from the options; claims given win.
   */
  sign (claims: ClaimsInput<TSchema>, options: SignOptions = {}): string {
    if (this.#signer === undefined) {
      throw new FFA_ERR_OPTION_INVALID('JWT', this.#signingKeyOption, 'is missing, so sign() cannot sign: this JWT only verifies. Pass the private key to the JWT that issues tokens (keys[0] signs when there are several)')
    }
    const given = claims as Record<string, unknown>
    const iat = typeof given.iat === 'number' ? given.iat : Math.floor((this.options.clockTimestamp ?? Date.now()) / 1000)
    const expiresIn = options.expiresIn ?? this.options.expiresIn
    const notBefore = options.notBefore ?? this.options.notBefore
    return this.#signer({
      iss: this.options.issuer,
      aud: this.options.audienceClaim,
      ...given,
      iat,
      exp: given.exp ?? iat + expiresIn,
      nbf: given.nbf ?? (notBefore > 0 ? iat + notBefore : undefined),
    })
  }

  /**
   * Verifies a token and returns its claims (validated by the `claims` schema when there is
   * one); throws `InvalidTokenError`, whose `reason` says why, for any token it refuses.
   */
  verify (token: string): ClaimsOutput<TSchema> {
    return this.#verify(token).claims
  }

  /**
   * A dependency that verifies the token another dependency provides (an OAuth2 bearer
   * scheme) and checks the scopes required along the chain (`Security(dep, ['items'])`),
   * as FastAPI's OAuth2 scopes tutorial does: a token that does not verify is a 401
   * `Could not validate credentials`, a missing scope a 401 `Not enough permissions`, both
   * with `WWW-Authenticate: Bearer scope="..."`. It provides the claims.
   */
  claims<TToken extends string | null | undefined> (token: Dependency<TToken>, options?: ClaimsDependencyOptions): Dependency<ClaimsOf<TToken, ClaimsOutput<TSchema>>> {
    return claimsDependency((raw) => this.#verify(raw), token, options)
  }

  #verify (token: string): VerifiedToken<ClaimsOutput<TSchema>> {
    if (typeof token !== 'string') throw malformed()
    // Fast path: one key without a kid verifies every token; no header to read first.
    const verifier = this.#only ?? this.#verifierFor(token)
    let payload: Record<string, unknown>
    try {
      payload = verifier(token)
    } catch (error) {
      throw fromFastJwtError(error)
    }
    if (this.#checksClaims) this.#checkIssuerAndAudience(payload)
    this.#checkIssuedAt(payload)
    const schema = this.options.claims
    if (schema === undefined) {
      // fast-jwt's cache hands the same object to every request with this token: read-only.
      return { payload, claims: Object.freeze(payload) as ClaimsOutput<TSchema> }
    }
    const parsed = z.safeParse(schema, payload)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new InvalidTokenError('claims', `The claims do not fit the claims schema: ${issue === undefined ? 'invalid' : `${issue.path.join('.') || '(claims)'}: ${issue.message}`}.`)
    }
    return { payload, claims: parsed.data as ClaimsOutput<TSchema> }
  }

  #verifierFor (token: string): Verifier {
    const dot = token.indexOf('.')
    if (dot < 1) throw malformed()
    let kid: unknown
    try {
      kid = (JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as { kid?: unknown } | null)?.kid
    } catch {
      throw malformed()
    }
    const verifier = typeof kid === 'string' ? this.#byKid.get(kid) : undefined
    if (verifier === undefined) {
      throw new InvalidTokenError('unknown_kid', typeof kid === 'string' ? `No key has the kid '${kid}'.` : 'The token has no kid, and every key has one.')
    }
    return verifier
  }

  #checkIssuerAndAudience (payload: Record<string, unknown>): void {
    const { issuer, audience } = this.options
    if (issuer !== undefined && payload.iss !== issuer) throw new InvalidTokenError('issuer', 'The iss claim is missing or is not the issuer.')
    if (audience !== undefined) {
      const aud = payload.aud
      const named = typeof aud === 'string' ? audience.includes(aud) : Array.isArray(aud) && aud.some((item) => audience.includes(item as string))
      if (!named) throw new InvalidTokenError('audience', 'The aud claim is missing or names none of the allowed audiences.')
    }
  }

  // PyJWT refuses an `iat` in the future; fast-jwt reads it only for maxAge.
  #checkIssuedAt (payload: Record<string, unknown>): void {
    const iat = payload.iat
    if (iat === undefined) return
    if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new InvalidTokenError('claims', 'The iat claim must be a number.')
    if (iat * 1000 > (this.options.clockTimestamp ?? Date.now()) + this.options.leeway * 1000) {
      throw new InvalidTokenError('not_yet_valid', 'The token was issued in the future (iat).')
    }
  }
}
