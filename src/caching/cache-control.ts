import type { FastifyReply } from 'fastify'
import { inspect } from 'node:util'
import { Depends, type Dependency } from '../depends/dependency.js'
import type { DependencyContext } from '../depends/types.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject } from '../shared/options.js'

/** The directives of a `Cache-Control` response header (RFC 9111), by their names in camelCase. */
export interface CacheControlDirectives {
  /** `max-age`: seconds a cache may keep the response fresh. */
  maxAge?: number
  /** `s-maxage`: `maxAge` for shared caches (a CDN, a proxy) only. */
  sMaxAge?: number
  /** `public`: shared caches may keep it, even for a request with credentials. */
  public?: boolean
  /** `private`: only the user's own cache (the browser) may keep it. */
  private?: boolean
  /** `no-cache`: caches may keep it but must revalidate (a conditional GET, answered 304 when unchanged) before each use. */
  noCache?: boolean
  /** `no-store`: no cache may keep it. */
  noStore?: boolean
  /** `must-revalidate`: once stale, never used without revalidating. */
  mustRevalidate?: boolean
  /** `proxy-revalidate`: `mustRevalidate` for shared caches. */
  proxyRevalidate?: boolean
  /** `no-transform`: intermediaries must not change the content. */
  noTransform?: boolean
  /** `immutable`: it never changes while fresh (versioned assets). */
  immutable?: boolean
  /** `stale-while-revalidate`: seconds a stale response may be used while it is revalidated in the background. */
  staleWhileRevalidate?: number
  /** `stale-if-error`: seconds a stale response may be used when revalidating fails. */
  staleIfError?: number
}

const SECONDS = { maxAge: 'max-age', sMaxAge: 's-maxage', staleWhileRevalidate: 'stale-while-revalidate', staleIfError: 'stale-if-error' } as const
const FLAGS = {
  public: 'public', private: 'private', noCache: 'no-cache', noStore: 'no-store', mustRevalidate: 'must-revalidate',
  proxyRevalidate: 'proxy-revalidate', noTransform: 'no-transform', immutable: 'immutable',
} as const
const WHERE = 'CacheControl'

/** The header's value, checked once: `public, max-age=60`. */
export function cacheControlValue (directives: CacheControlDirectives): string {
  const given = checkOptionsObject(WHERE, directives, [...Object.keys(FLAGS), ...Object.keys(SECONDS)]) as CacheControlDirectives
  const parts: string[] = []
  for (const [option, name] of Object.entries(FLAGS) as Array<[keyof typeof FLAGS, string]>) {
    const value = given[option]
    if (value === undefined) continue
    if (typeof value !== 'boolean') throw new FFA_ERR_OPTION_INVALID(WHERE, option, `must be true or false; got ${inspect(value)}`)
    if (value) parts.push(name)
  }
  for (const [option, name] of Object.entries(SECONDS) as Array<[keyof typeof SECONDS, string]>) {
    const value = given[option]
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || value < 0) throw new FFA_ERR_OPTION_INVALID(WHERE, option, `must be a whole number of seconds, 0 or more, like 60; got ${inspect(value)}`)
    parts.push(`${name}=${value}`)
  }
  if (given.public === true && given.private === true) throw new FFA_ERR_OPTION_INVALID(WHERE, 'public', "and 'private' contradict each other: a response is for shared caches or for the user's own, not both")
  if (parts.length === 0) throw new FFA_ERR_OPTION_INVALID(WHERE, '(directives)', "must name at least one directive, like { maxAge: 60, public: true } or { noStore: true }")
  return parts.join(', ')
}

/**
 * Sets `Cache-Control` on a route's successful responses (and their 304s), as a dependency:
 * FastAPI's `response.headers["Cache-Control"] = ...` in a dependency, written once. An error
 * response does not carry it (a 500 kept by a CDN for a minute would outlive the fault), as
 * FastAPI drops the headers a dependency set when the route raises.
 *
 * @example
 * items.get('/{item_id}', { dependencies: [CacheControl({ maxAge: 60, public: true })] }, readItem)
 * users.get('/me', { dependencies: [CacheControl({ private: true, noCache: true })] }, readMe)
 */
export function CacheControl (directives: CacheControlDirectives): Dependency<void> {
  const value = cacheControlValue(directives)
  // A generator: the code after `yield` sees the route's error before the error response is sent.
  function * cacheControl ({ reply }: DependencyContext): Generator<undefined, void, unknown> {
    (reply as FastifyReply).header('cache-control', value)
    try {
      yield undefined
    } catch (error) {
      (reply as FastifyReply).removeHeader('cache-control')
      throw error
    }
  }
  Object.defineProperty(cacheControl, 'name', { value: `CacheControl(${value})` })
  return Depends(cacheControl as (context: DependencyContext<Record<never, never>>) => Generator<undefined, void, unknown>) as unknown as Dependency<void>
}
