import type { Dependency } from '../depends/dependency.js'
import { checkSchemeOptions, type SchemeOptions, type SchemeValue } from './scheme-options.js'
import { schemeDependency } from './scheme.js'

/** FastAPI's `OpenIdConnect` options. */
export interface OpenIdConnectOptions<TAutoError extends boolean = boolean> extends SchemeOptions<TAutoError> {
  /** The provider's discovery document: `https://accounts.example.com/.well-known/openid-configuration`. */
  openIdConnectUrl: string
}

/**
 * OpenID Connect (FastAPI's `OpenIdConnect`): documents the provider's discovery URL and
 * gives the whole `Authorization` header as sent (`"Bearer eyJ..."`), for you to verify;
 * without one, 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: Bearer`, or
 * `null` with `autoError: false`.
 *
 * @example
 * const oidc = OpenIdConnect({ openIdConnectUrl: '/openid' })   // FastAPI: OpenIdConnect(openIdConnectUrl="/openid")
 */
export function OpenIdConnect<TAutoError extends boolean = true> (options: OpenIdConnectOptions<TAutoError>): Dependency<SchemeValue<string, TAutoError>> {
  checkSchemeOptions('OpenIdConnect', options, { openIdConnectUrl: 'string' }, { openIdConnectUrl: "'/openid'" })
  return schemeDependency({
    className: 'OpenIdConnect',
    options,
    scheme: { type: 'openIdConnect', openIdConnectUrl: options.openIdConnectUrl },
    challenge: 'Bearer',
    read: (request) => {
      const authorization = request.headers.authorization
      return authorization === '' ? undefined : authorization
    },
  }) as Dependency<SchemeValue<string, TAutoError>>
}
