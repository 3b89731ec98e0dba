import type { FastifyRequest } from 'fastify'
import type { Dependency } from '../depends/dependency.js'
import type { HTTPException } from '../errors/http-exception.js'
import { checkSchemeOptions, type SchemeOptions, type SchemeValue } from './scheme-options.js'
import { authorizationSchemeParam, schemeDependency } from './scheme.js'
import { pythonB64Decode } from './python-base64.js'

/** What `HTTPBasic` gives (FastAPI's `HTTPBasicCredentials`): the user name and password, as sent. */
export interface HTTPBasicCredentials {
  username: string
  password: string
}

/**
 * What `HTTPBearer` and `HTTPDigest` give (FastAPI's `HTTPAuthorizationCredentials`): the
 * `Authorization` header split at its first space, `Bearer deadbeef` as `{ scheme: 'Bearer',
 * credentials: 'deadbeef' }` (the scheme as sent, in its case).
 */
export interface HTTPAuthorizationCredentials {
  scheme: string
  credentials: string
}

/** FastAPI's `HTTPBasic` options. */
export interface HTTPBasicOptions<TAutoError extends boolean = boolean> extends SchemeOptions<TAutoError> {
  /** The realm of the challenge: `WWW-Authenticate: Basic realm="shop"`; plain `Basic` without one. */
  realm?: string
}

/** FastAPI's `HTTPBearer` options. */
export interface HTTPBearerOptions<TAutoError extends boolean = boolean> extends SchemeOptions<TAutoError> {
  /** What the token is, for the docs: `'JWT'`. */
  bearerFormat?: string
}

// Bytes Python's `.decode("ascii")` accepts.
function asciiText (bytes: Uint8Array): string | undefined {
  for (const byte of bytes) if (byte > 0x7f) return undefined
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
}

/**
 * HTTP Basic authentication (FastAPI's `HTTPBasic`, RFC 7617): gives `{ username, password }`
 * from `Authorization: Basic <base64 of "user:password">`. Without it (or with another
 * scheme), 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: Basic` (or
 * `Basic realm="..."`); `autoError: false` gives `null` then. Credentials that are there but
 * malformed (not base64, not ASCII, no colon) are a 401 even with `autoError: false`, as in
 * FastAPI. Compare them with `compareDigest`, in constant time.
 *
 * @example
 * const security = HTTPBasic()                       // FastAPI: security = HTTPBasic()
 * app.api.get('/users/me', { deps: { credentials: security } }, ({ deps }) => ({ username: deps.credentials.username }))
 */
export function HTTPBasic<TAutoError extends boolean = true> (options: HTTPBasicOptions<TAutoError> = {}): Dependency<SchemeValue<HTTPBasicCredentials, TAutoError>> {
  checkSchemeOptions('HTTPBasic', options, { realm: 'header-text' })
  // FastAPI's `if self.realm`: an empty realm is no realm.
  const challenge = options.realm === undefined || options.realm === '' ? 'Basic' : `Basic realm="${options.realm}"`
  return schemeDependency({
    className: 'HTTPBasic',
    options,
    scheme: { type: 'http', scheme: 'basic' },
    challenge,
    read (request: FastifyRequest, notAuthenticated: () => HTTPException): HTTPBasicCredentials | undefined {
      const authorization = request.headers.authorization
      const [scheme, param] = authorizationSchemeParam(authorization)
      if (authorization === undefined || authorization === '' || scheme.toLowerCase() !== 'basic') return undefined
      const bytes = pythonB64Decode(param)
      const text = bytes === undefined ? undefined : asciiText(bytes)
      const colon = text === undefined ? -1 : text.indexOf(':')
      if (colon === -1) throw notAuthenticated()
      return { username: (text as string).slice(0, colon), password: (text as string).slice(colon + 1) }
    },
  }) as Dependency<SchemeValue<HTTPBasicCredentials, TAutoError>>
}

// HTTPBearer's and HTTPDigest's reading: a scheme and credentials, both non-empty, and the scheme the expected one.
function authorizationCredentials (expected: string) {
  return function read (request: FastifyRequest): HTTPAuthorizationCredentials | undefined {
    const authorization = request.headers.authorization
    const [scheme, credentials] = authorizationSchemeParam(authorization)
    if (scheme === '' || credentials === '' || scheme.toLowerCase() !== expected) return undefined
    return { scheme, credentials }
  }
}

/**
 * HTTP bearer authentication (FastAPI's `HTTPBearer`): gives `{ scheme, credentials }` from
 * `Authorization: Bearer <token>`. Without it, with an empty token or with another scheme,
 * 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: Bearer`; `autoError: false`
 * gives `null` then.
 *
 * @example
 * const security = HTTPBearer({ bearerFormat: 'JWT' })
 */
export function HTTPBearer<TAutoError extends boolean = true> (options: HTTPBearerOptions<TAutoError> = {}): Dependency<SchemeValue<HTTPAuthorizationCredentials, TAutoError>> {
  checkSchemeOptions('HTTPBearer', options, { bearerFormat: 'string' })
  return schemeDependency({
    className: 'HTTPBearer',
    options,
    scheme: { type: 'http', scheme: 'bearer', ...(options.bearerFormat === undefined ? {} : { bearerFormat: options.bearerFormat }) },
    challenge: 'Bearer',
    read: authorizationCredentials('bearer'),
  }) as Dependency<SchemeValue<HTTPAuthorizationCredentials, TAutoError>>
}

/**
 * HTTP digest authentication, as FastAPI's `HTTPDigest` has it: a stub that documents the
 * scheme and gives `{ scheme, credentials }` from `Authorization: Digest ...` (checking the
 * digest is yours); without it, 401 with `WWW-Authenticate: Digest`.
 */
export function HTTPDigest<TAutoError extends boolean = true> (options: SchemeOptions<TAutoError> = {}): Dependency<SchemeValue<HTTPAuthorizationCredentials, TAutoError>> {
  checkSchemeOptions('HTTPDigest', options, {})
  return schemeDependency({
    className: 'HTTPDigest',
    options,
    scheme: { type: 'http', scheme: 'digest' },
    challenge: 'Digest',
    read: authorizationCredentials('digest'),
  }) as Dependency<SchemeValue<HTTPAuthorizationCredentials, TAutoError>>
}
