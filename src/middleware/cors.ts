import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean, checkOptionsObject, describeValue } from '../shared/options.js'
import { checkTokenList } from './headers.js'

export const CORS_PLUGIN = 'fastify-fastapi/cors'

/**
 * Options of `CORSMiddleware`: Starlette's `CORSMiddleware` arguments, in camelCase. Nothing
 * is allowed until you list it: with no options, every cross-origin request is refused.
 */
export interface CORSOptions {
  /**
   * The origins that may make cross-origin requests, as browsers send them:
   * `['https://example.org', 'http://localhost:5173']`; `['*']` for any. None by default.
   */
  allowOrigins?: readonly string[]
  /**
   * Origins allowed by a pattern, matched against the whole origin (Python's `fullmatch`):
   * `'https://[a-z0-9-]+\\.example\\.org'`. A string or a RegExp; none by default.
   */
  allowOriginRegex?: string | RegExp
  /** The methods allowed cross-origin: `['GET']` by default; `['*']` for every standard one. Case-sensitive, as HTTP methods are. */
  allowMethods?: readonly string[]
  /**
   * The request headers allowed cross-origin besides the CORS-safelisted ones (`Accept`,
   * `Accept-Language`, `Content-Language`, `Content-Type`), which are always allowed; `['*']`
   * for any. None by default.
   */
  allowHeaders?: readonly string[]
  /** Whether cookies and `Authorization` may be sent cross-origin (`Access-Control-Allow-Credentials`): `false` by default. */
  allowCredentials?: boolean
  /** Whether a preflight asking for private network access (`Access-Control-Request-Private-Network`) is allowed: `false` by default. */
  allowPrivateNetwork?: boolean
  /** Response headers a browser's script may read besides the safelisted ones (`Access-Control-Expose-Headers`). None by default. */
  exposeHeaders?: readonly string[]
  /** How long a browser may cache a preflight answer, in seconds (`Access-Control-Max-Age`): 600. */
  maxAge?: number
}

// Starlette 1.7's ALL_METHODS, what `allowMethods: ['*']` allows.
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'QUERY']
const SAFELISTED_HEADERS = ['Accept', 'Accept-Language', 'Content-Language', 'Content-Type']
const OPTIONS = ['allowOrigins', 'allowOriginRegex', 'allowMethods', 'allowHeaders', 'allowCredentials', 'allowPrivateNetwork', 'exposeHeaders', 'maxAge']
// Starlette 1.7 varies every preflight answer by all it reads of the request.
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network'

/** A CORS policy, compiled once at registration: the requests only read it. */
export interface CorsPolicy {
  isAllowedOrigin: (origin: string) => boolean
  allowAllOrigins: boolean
  allowAllHeaders: boolean
  allowCredentials: boolean
  allowPrivateNetwork: boolean
  /** Whether an allowed preflight names its origin rather than `*`. */
  preflightExplicitOrigin: boolean
  allowMethods: ReadonlySet<string>
  /** Lower-cased. */
  allowHeaders: ReadonlySet<string>
  /** What every preflight answer carries, before its origin and requested headers. */
  preflightHeaders: Readonly<Record<string, string>>
  /** What every response to a request with an `Origin` carries (`*`, credentials, exposed headers). */
  simpleHeaders: ReadonlyArray<readonly [string, string]>
}

function invalid (option: string, problem: string): never {
  throw new FFA_ERR_OPTION_INVALID(CORS_PLUGIN, option, problem)
}

// An origin as a browser sends it: scheme, host and port only, lower-case, no default port
// and no trailing slash. A list entry written otherwise would never match, silently.
function checkOrigins (value: unknown): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) invalid('allowOrigins', `must be an array of origins, like ['https://example.org']; got ${describeValue(value)}`)
  return value.map((origin: unknown, index): string => {
    if (origin === '*' || origin === 'null') return origin
    let expected: string | undefined
    try {
      expected = typeof origin === 'string' ? new URL(origin).origin : undefined
    } catch {
      expected = undefined
    }
    if (expected !== undefined && expected === origin) return expected
    const hint = expected === undefined || expected === 'null' ? "like 'https://example.org' or 'http://localhost:5173'" : `as a browser sends it: '${expected}'`
    return invalid(`allowOrigins[${index}]`, `must be an origin (scheme://host[:port], no path, no trailing slash), or '*' for any; write it ${hint}; got ${describeValue(origin)}`)
  })
}

// Python's `re.fullmatch`: the pattern must cover the whole origin, so that
// 'https://.*\.example\.org' does not allow 'https://a.example.org.evil.com'.
function checkRegex (value: unknown): RegExp | undefined {
  if (value === undefined || value === null) return undefined
  const source = value instanceof RegExp ? value.source : value
  const flags = value instanceof RegExp ? value.flags.replace(/[gy]/g, '') : ''
  if (typeof source !== 'string') invalid('allowOriginRegex', `must be a regular expression (a RegExp or a string), like 'https://[a-z0-9-]+\\.example\\.org'; got ${describeValue(value)}`)
  try {
    return new RegExp(`^(?:${source})$`, flags)
  } catch (error) {
    return invalid('allowOriginRegex', `must compile as a regular expression; ${(error as Error).message}`)
  }
}

/** Checks `CORSMiddleware`'s options once, at registration, and compiles the policy (Starlette's `__init__`). */
export function compileCorsPolicy (opts: CORSOptions | undefined): CorsPolicy {
  const given = checkOptionsObject(CORS_PLUGIN, opts, OPTIONS) as CORSOptions
  const origins = checkOrigins(given.allowOrigins)
  const regex = checkRegex(given.allowOriginRegex)
  let methods = checkTokenList(CORS_PLUGIN, 'allowMethods', given.allowMethods ?? ['GET'], "['GET', 'POST']")
  const headers = checkTokenList(CORS_PLUGIN, 'allowHeaders', given.allowHeaders ?? [], "['X-Token', 'Authorization']")
  const expose = checkTokenList(CORS_PLUGIN, 'exposeHeaders', given.exposeHeaders ?? [], "['X-Total-Count']")
  const { allowCredentials = false, allowPrivateNetwork = false, maxAge = 600 } = given
  checkBoolean(CORS_PLUGIN, 'allowCredentials', allowCredentials)
  checkBoolean(CORS_PLUGIN, 'allowPrivateNetwork', allowPrivateNetwork)
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) invalid('maxAge', `must be a whole number of seconds, 0 or more, like 600; got ${describeValue(maxAge)}`)

  if (methods.includes('*')) methods = ALL_METHODS
  const allowAllOrigins = origins.includes('*')
  const allowAllHeaders = headers.includes('*')
  // With credentials, even '*' names the request's origin: browsers refuse `*` with credentials.
  const preflightExplicitOrigin = !allowAllOrigins || allowCredentials

  const simpleHeaders: Array<readonly [string, string]> = []
  if (allowAllOrigins) simpleHeaders.push(['access-control-allow-origin', '*'])
  if (allowCredentials) simpleHeaders.push(['access-control-allow-credentials', 'true'])
  if (expose.length > 0) simpleHeaders.push(['access-control-expose-headers', expose.join(', ')])

  const preflightHeaders: Record<string, string> = { vary: PREFLIGHT_VARY }
  if (!preflightExplicitOrigin) preflightHeaders['access-control-allow-origin'] = '*'
  preflightHeaders['access-control-allow-methods'] = methods.join(', ')
  preflightHeaders['access-control-max-age'] = String(maxAge)
  // Starlette lists the safelisted headers with yours, sorted, as you wrote them.
  const listed = [...new Set([...SAFELISTED_HEADERS, ...headers])].sort()
  if (!allowAllHeaders) preflightHeaders['access-control-allow-headers'] = listed.join(', ')
  if (allowCredentials) preflightHeaders['access-control-allow-credentials'] = 'true'

  const originSet = new Set(origins)
  return Object.freeze({
    isAllowedOrigin: (origin: string) => allowAllOrigins || regex?.test(origin) === true || originSet.has(origin),
    allowAllOrigins,
    allowAllHeaders,
    allowCredentials,
    allowPrivateNetwork,
    preflightExplicitOrigin,
    allowMethods: new Set(methods),
    allowHeaders: new Set(listed.map((name) => name.toLowerCase())),
    preflightHeaders: Object.freeze(preflightHeaders),
    simpleHeaders: Object.freeze(simpleHeaders),
  })
}

/** A preflight's answer: 200 `OK`, or 400 `Disallowed CORS origin, method, headers` naming what failed. */
export interface PreflightAnswer {
  status: 200 | 400
  body: string
  headers: Record<string, string>
}

type RequestHeaders = Record<string, string | string[] | undefined>

function single (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}

/** Starlette's `preflight_response`: what an `OPTIONS` with `Origin` and `Access-Control-Request-Method` gets. */
export function preflightAnswer (policy: CorsPolicy, origin: string, headers: RequestHeaders): PreflightAnswer {
  const requestedMethod = single(headers['access-control-request-method']) ?? ''
  const requestedHeaders = single(headers['access-control-request-headers'])
  const answer: Record<string, string> = { ...policy.preflightHeaders }
  const failures: string[] = []

  if (policy.isAllowedOrigin(origin)) {
    if (policy.preflightExplicitOrigin) answer['access-control-allow-origin'] = origin
  } else {
    failures.push('origin')
  }
  if (!policy.allowMethods.has(requestedMethod)) failures.push('method')
  if (policy.allowAllHeaders && requestedHeaders !== undefined) {
    // Any header: the requested ones are mirrored back.
    answer['access-control-allow-headers'] = requestedHeaders
  } else if (requestedHeaders !== undefined) {
    for (const name of requestedHeaders.split(',')) {
      if (!policy.allowHeaders.has(name.trim().toLowerCase())) {
        failures.push('headers')
        break
      }
    }
  }
  if (headers['access-control-request-private-network'] !== undefined) {
    if (policy.allowPrivateNetwork) answer['access-control-allow-private-network'] = 'true'
    else failures.push('private-network')
  }
  // A browser enforces CORS whatever the status; Starlette's 400 tells a developer why.
  return failures.length === 0
    ? { status: 200, body: 'OK', headers: answer }
    : { status: 400, body: `Disallowed CORS ${failures.join(', ')}`, headers: answer }
}

/**
 * Starlette's `send` for a simple (non-preflight) request with an `Origin`: whether its
 * response names that origin in `Access-Control-Allow-Origin` (over the policy's simple
 * headers): an allowed one of a list or pattern, or any with credentials (browsers refuse
 * `*` with credentials).
 */
export function echoesOrigin (policy: CorsPolicy, origin: string): boolean {
  return policy.allowAllOrigins ? policy.allowCredentials : policy.isAllowedOrigin(origin)
}
