import type { FastifyRequest } from 'fastify'
import { Depends, dependsWithEarlyCheck, type Dependency } from '../depends/dependency.js'
import type { DependencyContext, DependencyOptions } from '../depends/types.js'
import { HTTPException } from '../errors/http-exception.js'
import type * as OpenAPI from '../shared/openapi-types.js'
import type { SchemeOptions } from './scheme-options.js'

/** How one of FastAPI's security classes reads the request, as data for `schemeDependency`. */
export interface SchemeSpec<TValue> {
  /** FastAPI's class name: the dependency's name, and the scheme's in the docs unless `schemeName` says otherwise. */
  className: string
  options: SchemeOptions
  /** The OpenAPI security scheme, as FastAPI writes it (its `description` added here). */
  scheme: OpenAPI.SecuritySchemeObject
  /** The `WWW-Authenticate` challenge of its 401: `Bearer`, `Basic realm="shop"`, `APIKey`. */
  challenge: string
  /**
   * The credentials the request carries, `undefined` when they are missing or malformed in
   * a way `autoError: false` forgives. It may throw `notAuthenticated` itself for what
   * FastAPI never forgives (HTTP Basic's bad base64).
   */
  read: (request: FastifyRequest, notAuthenticated: () => HTTPException) => TValue | undefined
}

/**
 * A security class as a dependency: it reads the credentials, answers 401
 * `{"detail":"Not authenticated"}` with the scheme's challenge when they are missing (or
 * gives `null` with `autoError: false`), and appears in the docs as a security scheme, with
 * no params of its own (so no 422) and, as in FastAPI, no documented 401. With `autoError`,
 * routes check the credentials once more before the body is read (see EarlyCheck).
 */
export function schemeDependency<TValue> (spec: SchemeSpec<TValue>): Dependency<TValue | null> {
  const { className, options, read } = spec
  const scheme = options.description === undefined ? spec.scheme : { ...spec.scheme, description: options.description }
  const dependencyOptions: DependencyOptions = {
    name: className,
    securityScheme: { name: options.schemeName ?? className, scheme },
  }
  const challenge = spec.challenge
  // A new one each time: its headers are the answer's, and an exception handler may change them.
  const notAuthenticated = (): HTTPException => new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': challenge })
  if (options.autoError === false) {
    return Depends(dependencyOptions, ({ request }: DependencyContext) => read(request, notAuthenticated) ?? null) as Dependency<TValue | null>
  }
  const check = ({ request }: DependencyContext): TValue => {
    const value = read(request, notAuthenticated)
    if (value === undefined) throw notAuthenticated()
    return value
  }
  const earlyCheck = (request: FastifyRequest): void => {
    if (read(request, notAuthenticated) === undefined) throw notAuthenticated()
  }
  return dependsWithEarlyCheck(dependencyOptions, check, earlyCheck) as Dependency<TValue | null>
}

/**
 * FastAPI's `get_authorization_scheme_param`: the `Authorization` header split at its first
 * space, `["Bearer", "abc"]`; `["", ""]` without one. The rest is kept as sent, spaces too.
 */
export function authorizationSchemeParam (authorization: string | undefined): [scheme: string, param: string] {
  if (authorization === undefined || authorization === '') return ['', '']
  const space = authorization.indexOf(' ')
  return space === -1 ? [authorization, ''] : [authorization.slice(0, space), authorization.slice(space + 1)]
}
