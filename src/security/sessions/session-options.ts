import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { checkOptionsObject, checkPositiveInteger, describeValue } from '../../shared/options.js'
import { isSessionStore, type SessionStore } from './session-store.js'

export const SESSIONS_PLUGIN = 'fastify-fastapi/sessions'

/** The session cookie. It is always `HttpOnly`: no script reads a session id. */
export interface SessionCookieOptions {
  /** The cookie's name: `session` (Starlette's SessionMiddleware's). `__Host-session` pins it to the host, over HTTPS. */
  name?: string
  /**
   * `Secure` (sent over HTTPS only): `'auto'` (default) sets it when the request came over
   * HTTPS, as `request.protocol` says (behind a proxy that ends TLS, set Fastify's
   * `trustProxy` so that it reads `X-Forwarded-Proto`); `true` always (no session at all
   * over plain HTTP); `false` never.
   */
  secure?: boolean | 'auto'
  /** `Lax` (default): sent on top-level navigations from other sites, never on their POSTs, images or fetches. */
  sameSite?: 'lax' | 'strict' | 'none'
  /** `/` (default). */
  path?: string
  /** None by default: the cookie goes to this host only. */
  domain?: string
}

/** The CSRF check on unsafe methods of session-authenticated routes. */
export interface CsrfOptions {
  /** The request header that carries the token: `x-csrf-token`. */
  header?: string
}

/** Options of the sessions plugin. */
export interface SessionsOptions {
  /**
   * Signs the session cookie: at least 32 bytes, from your secrets (an environment variable),
   * never in the source. An array rotates secrets: the first signs, every one verifies.
   */
  secret: string | string[]
  /**
   * Where sessions live: `'memory'` (default; this process, bounded by `maxSessions`),
   * `{ url: 'redis://127.0.0.1:6379', prefix?: 'sess:' }` (shared by every instance), or
   * your own store with `@fastify/session`'s `get`, `set` and `destroy`.
   */
  store?: 'memory' | { url: string, prefix?: string } | SessionStore
  /** How long a session lives after its last request, in ms: 86 400 000 (24 hours). Each request that reads it starts the time again. */
  ttl?: number
  /** The memory store's bound: 10 000 sessions; past it, the one used longest ago is dropped. */
  maxSessions?: number
  cookie?: SessionCookieOptions
  /**
   * CSRF protection of session-authenticated routes (on by default): a POST, PUT, PATCH or
   * DELETE through `sessionAuth()` must carry `request.csrfToken()` in the `x-csrf-token`
   * header, or it is answered 403. `false` switches it off.
   */
  csrf?: boolean | CsrfOptions
}

export interface ResolvedSessionsOptions {
  secret: string | string[]
  store: { kind: 'memory' } | { kind: 'redis', url: string, prefix: string } | { kind: 'custom', store: SessionStore }
  ttl: number
  maxSessions: number
  cookie: Required<Omit<SessionCookieOptions, 'domain'>> & Pick<SessionCookieOptions, 'domain'>
  /** The CSRF header's name, lower-cased; `null` when the check is off. */
  csrfHeader: string | null
}

const OPTIONS = ['secret', 'store', 'ttl', 'maxSessions', 'cookie', 'csrf']
const COOKIE_OPTIONS = ['name', 'secure', 'sameSite', 'path', 'domain']
const MIN_SECRET_BYTES = 32
// A cookie name is an RFC 6265 token: no separators, spaces or controls.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const SECRET_FIX = "generate one with `node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"` and read it from the environment"

function invalid (option: string, problem: string): never {
  throw new FFA_ERR_OPTION_INVALID(SESSIONS_PLUGIN, option, problem)
}

// The secret's value never goes into a message: only its length.
function checkSecret (secret: unknown): string | string[] {
  const secrets = Array.isArray(secret) ? secret : [secret]
  if (secret === undefined) invalid('secret', `is required: it signs the session cookie; ${SECRET_FIX}`)
  if (secrets.length === 0) invalid('secret', `must hold at least one secret; ${SECRET_FIX}`)
  secrets.forEach((one, index) => {
    const where = Array.isArray(secret) ? `secret[${index}]` : 'secret'
    if (typeof one !== 'string') invalid(where, `must be a string of at least ${MIN_SECRET_BYTES} bytes; got ${typeof one}; ${SECRET_FIX}`)
    const bytes = Buffer.byteLength(one)
    if (bytes < MIN_SECRET_BYTES) invalid(where, `must be at least ${MIN_SECRET_BYTES} bytes long, to resist guessing; got ${bytes} bytes; ${SECRET_FIX}`)
  })
  return Array.isArray(secret) ? [...secrets as string[]] : secret as string
}

function checkStore (store: unknown): ResolvedSessionsOptions['store'] {
  if (store === undefined || store === 'memory') return { kind: 'memory' }
  if (isSessionStore(store)) return { kind: 'custom', store }
  if (typeof store === 'object' && store !== null && 'url' in store) {
    const { url, prefix = 'sess:', ...rest } = store as { url: unknown, prefix?: unknown }
    if (Object.keys(rest).length > 0) invalid('store', `takes { url, prefix } for Redis; got the unknown key '${Object.keys(rest)[0]}'`)
    if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) invalid('store.url', `must be a Redis URL, like 'redis://127.0.0.1:6379'; got ${describeValue(url)}`)
    if (typeof prefix !== 'string') invalid('store.prefix', `must be a string, like 'sess:'; got ${describeValue(prefix)}`)
    return { kind: 'redis', url, prefix }
  }
  return invalid('store', `must be 'memory', { url: 'redis://...' } or a store with get, set and destroy; got ${describeValue(store)}`)
}

function checkCookie (cookie: unknown): ResolvedSessionsOptions['cookie'] {
  const given = checkOptionsObject(`${SESSIONS_PLUGIN} cookie`, cookie, COOKIE_OPTIONS) as SessionCookieOptions
  const { name = 'session', secure = 'auto', sameSite = 'lax', path = '/', domain } = given
  if (typeof name !== 'string' || !TOKEN.test(name)) invalid('cookie.name', `must be a cookie name (letters, digits and !#$%&'*+-.^_\`|~), like 'session'; got ${describeValue(name)}`)
  if (secure !== 'auto' && typeof secure !== 'boolean') invalid('cookie.secure', `must be 'auto', true or false; got ${describeValue(secure)}`)
  if (sameSite !== 'lax' && sameSite !== 'strict' && sameSite !== 'none') invalid('cookie.sameSite', `must be 'lax', 'strict' or 'none'; got ${describeValue(sameSite)}`)
  // Browsers drop a SameSite=None cookie that is not Secure.
  if (sameSite === 'none' && secure !== true) invalid('cookie.sameSite', `'none' needs cookie.secure: true (browsers refuse SameSite=None without Secure); got secure ${describeValue(secure)}`)
  if (typeof path !== 'string' || !path.startsWith('/')) invalid('cookie.path', `must be a path starting with '/'; got ${describeValue(path)}`)
  if (domain !== undefined && (typeof domain !== 'string' || domain === '')) invalid('cookie.domain', `must be a host name, like 'example.com'; got ${describeValue(domain)}`)
  return { name, secure, sameSite, path, ...(domain === undefined ? {} : { domain }) }
}

function checkCsrf (csrf: unknown): string | null {
  if (csrf === false) return null
  if (csrf === undefined || csrf === true) return 'x-csrf-token'
  const { header = 'x-csrf-token' } = checkOptionsObject(`${SESSIONS_PLUGIN} csrf`, csrf, ['header']) as CsrfOptions
  if (typeof header !== 'string' || !TOKEN.test(header)) invalid('csrf.header', `must be a header name, like 'x-csrf-token'; got ${describeValue(header)}`)
  return header.toLowerCase()
}

/** Checks the sessions plugin's options once, at registration, and fills in the defaults. */
export function resolveSessionsOptions (opts: SessionsOptions | undefined): ResolvedSessionsOptions {
  const given = checkOptionsObject(SESSIONS_PLUGIN, opts, OPTIONS) as Partial<SessionsOptions>
  const secret = checkSecret(given.secret)
  const { ttl = 86_400_000, maxSessions = 10_000 } = given
  checkPositiveInteger(SESSIONS_PLUGIN, 'ttl', ttl, 'in milliseconds, like 86_400_000 for 24 hours')
  checkPositiveInteger(SESSIONS_PLUGIN, 'maxSessions', maxSessions, 'like 10_000')
  if (given.csrf !== undefined && typeof given.csrf !== 'boolean' && (typeof given.csrf !== 'object' || given.csrf === null)) {
    invalid('csrf', `must be true, false or { header: 'x-csrf-token' }; got ${describeValue(given.csrf)}`)
  }
  return Object.freeze({
    secret,
    store: checkStore(given.store),
    ttl,
    maxSessions,
    cookie: Object.freeze(checkCookie(given.cookie)),
    csrfHeader: checkCsrf(given.csrf),
  })
}
