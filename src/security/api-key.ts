import type { FastifyRequest } from 'fastify'
import type { Dependency } from '../depends/dependency.js'
import { checkSchemeOptions, type SchemeOptions, type SchemeValue } from './scheme-options.js'
import { schemeDependency } from './scheme.js'
import { starletteCookie } from './python-text.js'

/** FastAPI's `APIKeyHeader`, `APIKeyQuery` and `APIKeyCookie` options. */
export interface APIKeyOptions<TAutoError extends boolean = boolean> extends SchemeOptions<TAutoError> {
  /** The header, query param or cookie that carries the key: `'X-API-Key'`, `'api_key'`. */
  name: string
}

type Location = 'header' | 'query' | 'cookie'

const CLASS_NAMES = { header: 'APIKeyHeader', query: 'APIKeyQuery', cookie: 'APIKeyCookie' } as const

// An empty key is no key, as FastAPI's `if not api_key`.
function present (value: string | undefined): string | undefined {
  return value === '' ? undefined : value
}

// headersDistinct is Node's; an injected request (light-my-request) has only rawHeaders.
function firstHeader (request: FastifyRequest, name: string): string | undefined {
  const raw = request.raw as FastifyRequest['raw'] & { headersDistinct?: Record<string, string[] | undefined> }
  if (raw.headersDistinct !== undefined) return raw.headersDistinct[name]?.[0]
  const rawHeaders = raw.rawHeaders
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if ((rawHeaders[index] as string).toLowerCase() === name) return rawHeaders[index + 1]
  }
  return undefined
}

function readerFor (location: Location, name: string): (request: FastifyRequest) => string | undefined {
  switch (location) {
    case 'header': {
      const header = name.toLowerCase()
      return (request) => {
        const value = request.headers[header]
        if (typeof value !== 'string') return undefined
        // Node joins a repeated header with ", "; Starlette reads the first.
        return present(value.includes(',') ? firstHeader(request, header) : value)
      }
    }
    case 'query':
      return (request) => {
        const value = (request.query as Record<string, unknown> | null | undefined)?.[name]
        // A repeated query param gives its last value, as Starlette's query_params.get.
        const last = Array.isArray(value) ? value[value.length - 1] : value
        return typeof last === 'string' ? present(last) : undefined
      }
    case 'cookie':
      return (request) => {
        const cookie = request.headers.cookie
        return cookie === undefined ? undefined : present(starletteCookie(cookie, name))
      }
  }
}

// The challenge of an API key's 401: no standard one exists, and HTTP requires one, so FastAPI sends `APIKey`.
function apiKey<TAutoError extends boolean> (location: Location, options: APIKeyOptions<TAutoError>): Dependency<SchemeValue<string, TAutoError>> {
  const className = CLASS_NAMES[location]
  checkSchemeOptions(className, options, { name: 'name' }, { name: location === 'query' ? "'api_key'" : "'X-API-Key'" })
  return schemeDependency({
    className,
    options,
    scheme: { type: 'apiKey', in: location, name: options.name },
    challenge: 'APIKey',
    read: readerFor(location, options.name),
  }) as Dependency<SchemeValue<string, TAutoError>>
}

/**
 * An API key in a header (FastAPI's `APIKeyHeader`): gives the header's value; without it
 * (or empty), 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: APIKey`, or
 * `null` with `autoError: false`. Checking the key is yours (compare it with `compareDigest`).
 *
 * @example
 * const apiKey = APIKeyHeader({ name: 'X-API-Key' })       // FastAPI: APIKeyHeader(name="X-API-Key")
 */
export function APIKeyHeader<TAutoError extends boolean = true> (options: APIKeyOptions<TAutoError>): Dependency<SchemeValue<string, TAutoError>> {
  return apiKey('header', options)
}

/** An API key in a query param (FastAPI's `APIKeyQuery`): as `APIKeyHeader`, from `?api_key=...`. */
export function APIKeyQuery<TAutoError extends boolean = true> (options: APIKeyOptions<TAutoError>): Dependency<SchemeValue<string, TAutoError>> {
  return apiKey('query', options)
}

/** An API key in a cookie (FastAPI's `APIKeyCookie`): as `APIKeyHeader`, from the cookie `name`. */
export function APIKeyCookie<TAutoError extends boolean = true> (options: APIKeyOptions<TAutoError>): Dependency<SchemeValue<string, TAutoError>> {
  return apiKey('cookie', options)
}
