import { normalizeIP } from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { inspect } from 'node:util'
import { Depends, Dependency } from '../depends/dependency.js'
import type { DependencyContext, DependencyOptions } from '../depends/types.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject } from '../shared/options.js'
import { kRateLimitKey } from '../shared/symbols.js'
import { checkMax } from './rate-limit-options.js'
import { rateLimitPluginMissing, rateLimitStateOf, type LimitSettings } from './rate-limit-state.js'
import { timeWindowMs, type TimeWindow } from './time-window.js'
import { setLimitHeaders, tooManyRequests, TOO_MANY_REQUESTS_RESPONSE } from './too-many-requests.js'

/** Who a limit counts: a user id, an API key, a username ... `null` or `undefined`: this request is not counted. */
export type RateLimitIdentity = string | number | null | undefined

/** What a RateLimit dependency gives the handler: where the request stands in its limit. */
export interface RateLimitStatus {
  /** Requests allowed per window. */
  limit: number
  /** Requests left in this window after this one. */
  remaining: number
  /** Seconds until the window starts again. */
  reset: number
}

/** The inputs and sub-dependencies a RateLimit may declare to compute its key, as a Depends does. */
export type RateLimitDependencyOptions = Pick<DependencyOptions, 'params' | 'query' | 'headers' | 'cookies' | 'form' | 'body' | 'deps' | 'name'>

/** The limit itself, and the inputs and deps its key is computed from. */
export interface RateLimitSettings extends RateLimitDependencyOptions {
  /** Requests allowed per window (an integer of at least 1). */
  max: number
  /** The window: milliseconds (`60_000`) or words (`'1 minute'`, `'10 seconds'`, `'1h'`). */
  timeWindow: TimeWindow
  /**
   * Counts every route that uses this limit with this scope together (slowapi's
   * `shared_limit(scope=...)`). By default each route counts alone, as fastapi-limiter's and
   * slowapi's limits do.
   */
  scope?: string
}

/**
 * Who a limit counts: a function of the RateLimit's declared inputs and deps
 * (`({ deps }) => deps.user.id`), or a dependency whose value is the key.
 */
export type RateLimitKey<TOptions> = ((context: DependencyContext<TOptions>) => RateLimitIdentity | Promise<RateLimitIdentity>) | Dependency<RateLimitIdentity>

const SETTINGS = ['max', 'timeWindow', 'scope']
const DEPENDENCY_OPTIONS = ['params', 'query', 'headers', 'cookies', 'form', 'body', 'deps', 'name']
const KEY_DEP = 'rateLimitKey'

type KeyOf = (context: DependencyContext) => RateLimitIdentity | Promise<RateLimitIdentity>
type WithKey = FastifyRequest & { [kRateLimitKey]: string }

/**
 * A rate limit as a dependency (fastapi-limiter's `Depends(RateLimiter(times=2, seconds=5))`,
 * slowapi's `@limiter.limit("5/minute")`): `max` requests per `timeWindow` and per key (the
 * client's IP, or a user, an API key ... from the dependency's own inputs and deps), counted
 * in the rate-limit plugin's store (memory, or Redis shared by every instance). Past it the
 * request is answered 429 `{"detail":"Too Many Requests"}` with `Retry-After` and the
 * `RateLimit-*` headers, which the route documents; under it the headers say what is left,
 * and the handler may read the RateLimitStatus.
 *
 * The key is the second argument, as a dependency's function is `Depends`' (so that its
 * context is typed from the options): the client's IP (`request.ip`) without one.
 *
 * @example
 * // 2 requests per 5 seconds per client IP, on this route
 * app.api.get('/', { dependencies: [RateLimit({ max: 2, timeWindow: '5 seconds' })] }, () => ({ msg: 'Hello World' }))
 * // 100 requests per hour per user; 10 per minute per API key
 * const perUser = RateLimit({ max: 100, timeWindow: '1 hour', deps: { user: currentUser } }, ({ deps }) => deps.user.id)
 * const perKey = RateLimit({ max: 10, timeWindow: '1 minute' }, apiKey)
 */
export function RateLimit<TOptions extends RateLimitSettings> (options: TOptions, key?: RateLimitKey<TOptions>): Dependency<RateLimitStatus | null> {
  const given = checkOptionsObject('RateLimit', options, [...SETTINGS, ...DEPENDENCY_OPTIONS]) as unknown as RateLimitSettings
  const where = given.name === undefined ? 'RateLimit' : `RateLimit(${given.name})`
  const limit: LimitSettings = Object.freeze({ max: checkMax(where, given.max), timeWindow: timeWindowMs(where, 'timeWindow', given.timeWindow) })
  const { scope } = given
  if (scope !== undefined && (typeof scope !== 'string' || scope === '')) throw new FFA_ERR_OPTION_INVALID(where, 'scope', `must be a name shared by the routes counted together, like 'login'; got ${inspect(scope)}`)
  const dependencyOptions: DependencyOptions = Object.fromEntries(Object.entries(given).filter(([name]) => DEPENDENCY_OPTIONS.includes(name)))
  let keyOf: KeyOf | undefined
  if (key instanceof Dependency) {
    dependencyOptions.deps = { ...dependencyOptions.deps, [KEY_DEP]: key }
    keyOf = ({ deps }) => (deps as Record<string, RateLimitIdentity>)[KEY_DEP]
  } else if (typeof key === 'function') {
    keyOf = key as KeyOf
  } else if (key !== undefined) {
    throw new FFA_ERR_OPTION_INVALID(where, '(key)', `the second argument must be a function of the dependency's inputs and deps (({ deps }) => deps.user.id) or a dependency whose value is the key; got ${inspect(key, { depth: 0 })}`)
  }
  const windowName = `${limit.max}/${limit.timeWindow}`

  async function rateLimit (context: DependencyContext): Promise<RateLimitStatus | null> {
    const request = context.request
    const reply = context.reply as FastifyReply
    const state = rateLimitStateOf(request.server)
    if (state === undefined) throw rateLimitPluginMissing(`${where} on route ${request.method} ${request.routeOptions.url ?? request.url}`)
    const identity = keyOf === undefined ? normalizeIP(request.ip) : await keyOf(context)
    if (identity === null || identity === undefined) return null
    // Per route unless shared by a scope; the limit in the key, as fastapi-limiter counts two
    // limiters of one route apart.
    // HEAD is a GET without its body, doing the same work: it counts with the GET, not as a second allowance.
    const method = request.routeOptions.method === 'HEAD' ? 'GET' : String(request.routeOptions.method)
    const counted = scope ?? `${method} ${request.routeOptions.url ?? ''}`
    ;(request as WithKey)[kRateLimitKey] = `${counted}|${windowName}|${identity}`
    const check = await state.limiterOf(limit)(request)
    if (check.isAllowed) return { limit: limit.max, remaining: limit.max, reset: 0 }
    if (check.isExceeded) throw tooManyRequests(check.max, check.ttlInSeconds)
    setLimitHeaders(reply, check.max, check.remaining, check.ttlInSeconds)
    return { limit: check.max, remaining: check.remaining, reset: check.ttlInSeconds }
  }
  return (Depends as (options: DependencyOptions, fn: (context: DependencyContext) => unknown) => Dependency<RateLimitStatus | null>)(
    { ...dependencyOptions, name: given.name ?? 'RateLimit', errors: [TOO_MANY_REQUESTS_RESPONSE] },
    rateLimit,
  )
}

/** The key a RateLimit dependency set on the request: @fastify/rate-limit's `keyGenerator` for its limiters. */
export function rateLimitKeyOf (request: FastifyRequest): string {
  return (request as WithKey)[kRateLimitKey]
}
