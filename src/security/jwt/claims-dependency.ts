import { Depends, Dependency } from '../../depends/dependency.js'
import type { SecurityScopes } from '../../depends/security-scopes.js'
import { HTTPException } from '../../errors/http-exception.js'
import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { describeValue } from '../../shared/options.js'
import { InvalidTokenError } from './invalid-token.js'

/** Options of `jwt.claims(token, options)`. */
export interface ClaimsDependencyOptions {
  /**
   * The claim that lists the token's scopes: a space-separated string (`"me items"`, OAuth2's
   * `scope`) or an array of strings. Default `'scope'`, as FastAPI's tutorial writes it.
   */
  scopesClaim?: string
  /** The dependency's name in logs and error messages. Default `'jwtClaims'`. */
  name?: string
}

/** A token's payload as signed, and the claims `verify` returns (the schema's output). */
export interface VerifiedToken<TClaims> {
  payload: Readonly<Record<string, unknown>>
  claims: TClaims
}

// The claims a token dependency leads to: a token that may be missing (a scheme with
// `autoError: false`) gives claims that may be `null`.
//   ClaimsOf<string, Claims>        => Claims
//   ClaimsOf<string | null, Claims> => Claims | null
export type ClaimsOf<TToken, TClaims> = [TToken] extends [string] ? TClaims : TClaims | null

// FastAPI's tutorial: `Bearer scope="items me"` when the route requires scopes, `Bearer` otherwise.
function challenge (securityScopes: SecurityScopes): Record<string, string> {
  return { 'WWW-Authenticate': securityScopes.scopes.length > 0 ? `Bearer scope="${securityScopes.scopeStr}"` : 'Bearer' }
}

function isStringArray (value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function invalidOption (name: string, message: string): never {
  throw new FFA_ERR_OPTION_INVALID('JWT.claims', name, message)
}

/**
 * The dependency `jwt.claims(token)` builds: the token verified, its scopes checked against
 * the `securityScopes` required along the chain, its claims provided.
 */
export function claimsDependency<TClaims, TToken extends string | null | undefined> (
  verify: (token: string) => VerifiedToken<TClaims>,
  token: Dependency<TToken>,
  options: ClaimsDependencyOptions = {},
): Dependency<ClaimsOf<TToken, TClaims>> {
  if (!(token instanceof Dependency)) {
    invalidOption('token', `must be a dependency that provides the raw token, like OAuth2PasswordBearer({ tokenUrl: 'token' }) or Depends(...); got ${describeValue(token)}`)
  }
  if (typeof options !== 'object' || options === null) invalidOption('(options)', `must be an object like { scopesClaim: 'scope' }; got ${describeValue(options)}`)
  for (const key of Object.keys(options)) {
    if (key !== 'scopesClaim' && key !== 'name') invalidOption(key, 'is not an option of jwt.claims(token, options); its options are: scopesClaim, name')
  }
  const scopesClaim = options.scopesClaim ?? 'scope'
  if (typeof scopesClaim !== 'string' || scopesClaim === '') invalidOption('scopesClaim', `must be the name of a claim, like 'scope' or 'scopes'; got ${describeValue(scopesClaim)}`)
  const name = options.name ?? 'jwtClaims'
  if (typeof name !== 'string' || name === '') invalidOption('name', `must be a non-empty string; got ${describeValue(name)}`)

  // Reads `securityScopes`, so the dependency runs once per set of scopes a request requires.
  // It declares no `errors`: FastAPI documents no 401 for the tutorial's routes; the docs'
  // `securityResponses` documents the 401s of the scheme that provides the token.
  const dependency = Depends({ deps: { token }, name }, function jwtClaims ({ deps, securityScopes }) {
    const raw: string | null | undefined = deps.token
    if (raw === null || raw === undefined) {
      // An optional token (autoError: false) that is missing: no claims, unless scopes are required.
      if (securityScopes.scopes.length === 0) return null
      throw new HTTPException(401, 'Not authenticated', challenge(securityScopes))
    }
    let verified: VerifiedToken<TClaims>
    try {
      verified = verify(raw)
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new HTTPException(401, 'Could not validate credentials', challenge(securityScopes))
      throw error
    }
    const granted = verified.payload[scopesClaim]
    const required = securityScopes.scopes
    // A scope claim of another shape is a token we cannot read, as pydantic refuses it in the tutorial.
    if (granted !== undefined && typeof granted !== 'string' && !isStringArray(granted)) {
      throw new HTTPException(401, 'Could not validate credentials', challenge(securityScopes))
    }
    if (required.length > 0) {
      const scopes = typeof granted === 'string' ? granted.split(' ') : granted ?? []
      for (const scope of required) {
        if (!scopes.includes(scope)) throw new HTTPException(401, 'Not enough permissions', challenge(securityScopes))
      }
    }
    return verified.claims
  })
  return dependency as Dependency<unknown> as Dependency<ClaimsOf<TToken, TClaims>>
}
