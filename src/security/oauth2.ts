import type { FastifyRequest } from 'fastify'
import type { Dependency } from '../depends/dependency.js'
import type * as OpenAPI from '../shared/openapi-types.js'
import { checkSchemeOptions, type SchemeOptions, type SchemeValue } from './scheme-options.js'
import { authorizationSchemeParam, schemeDependency } from './scheme.js'

// OAuth2 does not say which challenge to send; FastAPI sends `Bearer`, the usual token type.
const BEARER = 'Bearer'

/** FastAPI's `OAuth2PasswordBearer` options. */
export interface OAuth2PasswordBearerOptions<TAutoError extends boolean = boolean> extends SchemeOptions<TAutoError> {
  /** Where the client gets a token by posting username and password (`'token'`): Swagger UI's Authorize posts there. */
  tokenUrl: string
  /** Where the client refreshes a token, documented in the flow. */
  refreshUrl?: string
  /** The scopes a token may grant, by name with a description: `{ me: 'Read information about the current user.' }`. */
  scopes?: Record<string, string>
}

/** FastAPI's `OAuth2AuthorizationCodeBearer` options. */
export interface OAuth2AuthorizationCodeBearerOptions<TAutoError extends boolean = boolean> extends SchemeOptions<TAutoError> {
  /** Where the user authorizes the client (the provider's login page). */
  authorizationUrl: string
  /** Where the client trades the code for a token. */
  tokenUrl: string
  refreshUrl?: string
  scopes?: Record<string, string>
}

/** FastAPI's `OAuth2` options: the flows as OpenAPI writes them. */
export interface OAuth2Options<TAutoError extends boolean = boolean> extends SchemeOptions<TAutoError> {
  /** OpenAPI's OAuth flows: `{ clientCredentials: { tokenUrl: 'token', scopes: {} } }`; none by default. */
  flows?: Extract<OpenAPI.SecuritySchemeObject, { type: 'oauth2' }>['flows']
}

const FLOW_OPTIONS = { refreshUrl: 'string', scopes: 'scopes' } as const

// FastAPI's flow models (OAuthFlowPassword ...), as its document writes them: `refreshUrl`
// only when given, `scopes` always.
function flow (urls: Record<string, string>, refreshUrl: string | undefined, scopes: Record<string, string> | undefined): OpenAPI.OAuthFlowObject {
  return { ...(refreshUrl === undefined ? {} : { refreshUrl }), scopes: { ...scopes }, ...urls }
}

// The token of `Authorization: Bearer <token>` (any case of "Bearer"), as FastAPI reads it:
// everything after the first space, even nothing ("Bearer" alone gives "").
function readBearerToken (request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization
  const [scheme, param] = authorizationSchemeParam(authorization)
  if (authorization === undefined || authorization === '' || scheme.toLowerCase() !== 'bearer') return undefined
  return param
}

/**
 * OAuth2's password flow with a bearer token (FastAPI's `OAuth2PasswordBearer`): gives the
 * token of `Authorization: Bearer <token>`; without one (or with another scheme), 401
 * `{"detail":"Not authenticated"}` with `WWW-Authenticate: Bearer`. The docs get an
 * Authorize button that posts username and password to `tokenUrl`.
 *
 * @example
 * const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })    // FastAPI: OAuth2PasswordBearer(tokenUrl="token")
 * const currentUser = Depends({ deps: { token: oauth2Scheme } }, ({ deps }) => userFromToken(deps.token))
 */
export function OAuth2PasswordBearer<TAutoError extends boolean = true> (options: OAuth2PasswordBearerOptions<TAutoError>): Dependency<SchemeValue<string, TAutoError>> {
  checkSchemeOptions('OAuth2PasswordBearer', options, { tokenUrl: 'string', ...FLOW_OPTIONS }, { tokenUrl: "'token'" })
  return schemeDependency({
    className: 'OAuth2PasswordBearer',
    options,
    scheme: { type: 'oauth2', flows: { password: flow({ tokenUrl: options.tokenUrl }, options.refreshUrl, options.scopes) } },
    challenge: BEARER,
    read: readBearerToken,
  }) as Dependency<SchemeValue<string, TAutoError>>
}

/**
 * OAuth2's authorization code flow with a bearer token (FastAPI's
 * `OAuth2AuthorizationCodeBearer`): reads the token as `OAuth2PasswordBearer` does; the docs
 * send the user to `authorizationUrl` and trade the code at `tokenUrl`.
 *
 * @example
 * const oauth2Scheme = OAuth2AuthorizationCodeBearer({ authorizationUrl: 'authorize', tokenUrl: 'token' })
 */
export function OAuth2AuthorizationCodeBearer<TAutoError extends boolean = true> (options: OAuth2AuthorizationCodeBearerOptions<TAutoError>): Dependency<SchemeValue<string, TAutoError>> {
  checkSchemeOptions('OAuth2AuthorizationCodeBearer', options, { authorizationUrl: 'string', tokenUrl: 'string', ...FLOW_OPTIONS }, { authorizationUrl: "'authorize'", tokenUrl: "'token'" })
  return schemeDependency({
    className: 'OAuth2AuthorizationCodeBearer',
    options,
    scheme: { type: 'oauth2', flows: { authorizationCode: flow({ authorizationUrl: options.authorizationUrl, tokenUrl: options.tokenUrl }, options.refreshUrl, options.scopes) } },
    challenge: BEARER,
    read: readBearerToken,
  }) as Dependency<SchemeValue<string, TAutoError>>
}

/**
 * OAuth2 with any flows (FastAPI's `OAuth2`, the base of the two above): gives the whole
 * `Authorization` header as sent (`"Bearer abc"`), for a scheme of your own; without one,
 * 401 with `WWW-Authenticate: Bearer`.
 *
 * @example
 * const oauth2 = OAuth2({ flows: { clientCredentials: { tokenUrl: 'token', scopes: {} } } })
 */
export function OAuth2<TAutoError extends boolean = true> (options: OAuth2Options<TAutoError> = {}): Dependency<SchemeValue<string, TAutoError>> {
  checkSchemeOptions('OAuth2', options, { flows: 'object' })
  return schemeDependency({
    className: 'OAuth2',
    options,
    scheme: { type: 'oauth2', flows: structuredClone(options.flows ?? {}) },
    challenge: BEARER,
    read: (request) => request.headers.authorization || undefined,
  }) as Dependency<SchemeValue<string, TAutoError>>
}
