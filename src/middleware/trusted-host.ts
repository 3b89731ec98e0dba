import { isIPv6 } from 'node:net'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean, checkOptionsObject, describeValue } from '../shared/options.js'

export const TRUSTED_HOST_PLUGIN = 'fastify-fastapi/trusted-host'

/** Options of `TrustedHostMiddleware`: Starlette's `TrustedHostMiddleware` arguments, in camelCase. */
export interface TrustedHostOptions {
  /**
   * The host names this app answers for, without a port: `['example.com', '*.example.com']`,
   * `*.` allowing every subdomain. `['*']` (the default) allows any host.
   */
  allowedHosts?: readonly string[]
  /**
   * When only `www.example.com` is allowed, a request for `example.com` is redirected there
   * (307, as Starlette's `RedirectResponse`) rather than refused: `true` by default.
   */
  wwwRedirect?: boolean
}

export interface TrustedHostPolicy {
  allowAny: boolean
  /** Lower-cased host names. */
  exact: ReadonlySet<string>
  /** `.example.com` for `*.example.com`, lower-cased. */
  suffixes: readonly string[]
  wwwRedirect: boolean
}

const OPTIONS = ['allowedHosts', 'wwwRedirect']
// Starlette's ENFORCE_DOMAIN_WILDCARD.
const WILDCARD_FORM = "domain wildcard patterns must be like '*.example.com'"
// Starlette's `_HOST_RE` (starlette/_utils.py): a reg-name or IPv4 address, or an IP literal in brackets, then an optional port.
const HOST = /^(?<host>[a-z0-9._~%!$&'()*+,;=-]+|\[(?:(?<ipv6>[a-f0-9]*:[a-f0-9.:]+)|v[a-f0-9]+\.[a-z0-9._~!$&'()*+,;=:-]+)\])(?::(?<port>[0-9]+))?$/i

function invalid (option: string, problem: string): never {
  throw new FFA_ERR_OPTION_INVALID(TRUSTED_HOST_PLUGIN, option, problem)
}

/** Checks `TrustedHostMiddleware`'s options once, at registration (Starlette asserts the wildcard form). */
export function compileTrustedHostPolicy (opts: TrustedHostOptions | undefined): TrustedHostPolicy {
  const given = checkOptionsObject(TRUSTED_HOST_PLUGIN, opts, OPTIONS) as TrustedHostOptions
  const { allowedHosts = ['*'], wwwRedirect = true } = given
  checkBoolean(TRUSTED_HOST_PLUGIN, 'wwwRedirect', wwwRedirect)
  if (!Array.isArray(allowedHosts)) invalid('allowedHosts', `must be an array of host names, like ['example.com', '*.example.com']; got ${describeValue(allowedHosts)}`)
  const exact = new Set<string>()
  const suffixes: string[] = []
  allowedHosts.forEach((pattern: unknown, index) => {
    const option = `allowedHosts[${index}]`
    if (typeof pattern !== 'string' || pattern === '') invalid(option, `must be a host name, like 'example.com' or '*.example.com'; got ${describeValue(pattern)}`)
    if (pattern === '*') return
    if (pattern.slice(1).includes('*') || (pattern.startsWith('*') && !pattern.startsWith('*.'))) {
      invalid(option, `${WILDCARD_FORM}: a '*' only as the whole first label; got ${describeValue(pattern)}`)
    }
    const parsed = parseHost(pattern.replace(/^\*\./, 'x.'))
    // The Host header's port is not compared: a pattern with one would never match.
    if (parsed === undefined || parsed.port !== undefined) {
      invalid(option, `must be a host name without a port or scheme, like 'example.com' or '*.example.com'; got ${describeValue(pattern)}`)
    }
    if (pattern.startsWith('*.')) suffixes.push(pattern.slice(1).toLowerCase())
    else exact.add(pattern.toLowerCase())
  })
  return Object.freeze({ allowAny: allowedHosts.includes('*'), exact, suffixes: Object.freeze(suffixes), wwwRedirect })
}

/** A `Host` header split as Starlette's `parse_host_header`: `undefined` when it is not a valid authority. */
export function parseHost (header: string | undefined): { host: string, port: string | undefined } | undefined {
  if (header === undefined) return undefined
  const groups = HOST.exec(header)?.groups
  if (groups?.host === undefined) return undefined
  if (groups.ipv6 !== undefined && !isIPv6(groups.ipv6)) return undefined
  return { host: groups.host, port: groups.port }
}

/**
 * Starlette's check of a request's host: `'allowed'`, `'www'` when the `www.` form of it is
 * allowed (and `wwwRedirect` is on), else `'invalid'`. Host names compare case-insensitively
 * (RFC 3986), where Starlette compares them as written.
 */
export function checkHost (policy: TrustedHostPolicy, host: string): 'allowed' | 'www' | 'invalid' {
  const name = host.toLowerCase()
  if (policy.exact.has(name)) return 'allowed'
  for (const suffix of policy.suffixes) if (name.endsWith(suffix)) return 'allowed'
  return policy.wwwRedirect && policy.exact.has(`www.${name}`) ? 'www' : 'invalid'
}

/**
 * Whether a request carries more than one Host header, which RFC 9112 (section 3.2) says to
 * answer 400: Node keeps the first and drops the others, while a proxy or cache in front may
 * have read the last, so the two would disagree on the host checked.
 */
export function hasSeveralHosts (rawHeaders: readonly string[]): boolean {
  let seen = 0
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string
    if (name.length === 4 && name.toLowerCase() === 'host' && ++seen > 1) return true
  }
  return false
}
