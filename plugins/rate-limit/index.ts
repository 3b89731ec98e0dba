import fastifyRateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { DeclaredError } from '../../src/depends/types.js'
import { refusePlainDependenciesWithoutPlugin } from '../../src/depends/plain-routes.js'
import { rateLimitKeyOf } from '../../src/rate-limit/rate-limit.js'
import { RATE_LIMIT_PLUGIN, resolveRateLimitOptions, type RateLimitOptions } from '../../src/rate-limit/rate-limit-options.js'
import type { LimitCheck, LimitSettings, RateLimitState } from '../../src/rate-limit/rate-limit-state.js'
import { memoryStore } from '../../src/rate-limit/memory-store.js'
import { redisStore } from '../../src/rate-limit/redis-store.js'
import { TOO_MANY_REQUESTS_RESPONSE, tooManyRequests } from '../../src/rate-limit/too-many-requests.js'
import { redisFor } from '../../src/shared/redis-connection.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { kRateLimitState, kRouteDescription } from '../../src/shared/symbols.js'

type Limiter = (request: FastifyRequest) => Promise<LimitCheck>

async function rateLimit (app: FastifyInstance, opts: RateLimitOptions): Promise<void> {
  const options = resolveRateLimitOptions(opts)
  if (registeredBefore(app, RATE_LIMIT_PLUGIN, opts)) return
  refusePlainDependenciesWithoutPlugin(app)
  const redis = await redisFor(app, RATE_LIMIT_PLUGIN, 'redis', options.redis) ?? undefined

  // Before @fastify/rate-limit's own onRoute hook: the docs read a route's 429 from its description.
  app.addHook('onRoute', (route) => { documentLimit(route, options.max !== null) })
  await app.register(fastifyRateLimit, {
    global: options.max !== null,
    ...(options.max === null ? {} : { max: options.max }),
    timeWindow: options.timeWindow,
    cache: options.maxKeys,
    skipOnError: options.skipOnError,
    store: redis === undefined ? memoryStore<FastifyRateLimitStoreCtor>(options.maxKeys) : redisStore<FastifyRateLimitStoreCtor>(redis, options.prefix),
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) => tooManyRequests(context.max, Math.ceil(context.ttl / 1000)),
  })

  const limiters = new Map<LimitSettings, Limiter>()
  const state: RateLimitState = {
    limiterOf (limit) {
      let limiter = limiters.get(limit)
      if (limiter === undefined) {
        const created = app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindow, keyGenerator: rateLimitKeyOf, cache: options.maxKeys } as Parameters<typeof app.createRateLimit>[0])
        limiter = created as Limiter
        limiters.set(limit, limiter)
      }
      return limiter
    },
  }
  app.decorate(kRateLimitState, state)
}

// A route this package compiled documents its 429 when @fastify/rate-limit limits it: the
// app-wide limit, or its own `fastify: { config: { rateLimit } }`.
function documentLimit (route: RouteOptions, global: boolean): void {
  const config = route.config as ({ rateLimit?: unknown } & Record<symbol, { errors: readonly DeclaredError[] } | undefined>) | undefined
  const description = config?.[kRouteDescription]
  if (description === undefined) return
  const own = config?.rateLimit
  const limited = own === undefined || own === null ? global : own !== false
  if (limited && !description.errors.some((error) => error.status === 429)) description.errors = [...description.errors, TOO_MANY_REQUESTS_RESPONSE]
}

/**
 * Rate limits through @fastify/rate-limit: an app-wide limit per client (`max` per
 * `timeWindow`), a route's own (`fastify: { config: { rateLimit: { max, timeWindow } } }`), and
 * the RateLimit dependencies (per route, per user, per API key ...), counted in memory or in
 * Redis. A refused request is answered 429 `{"detail":"Too Many Requests"}` with
 * `Retry-After` and the draft standard's `RateLimit-Limit`, `-Remaining` and `-Reset`.
 *
 * @example
 * await app.register(fastapiRateLimit, { max: 100, timeWindow: '1 minute', redis: 'redis://127.0.0.1:6379' })
 * app.api.post('/token', { dependencies: [RateLimit({ max: 5, timeWindow: '1 minute', form: LoginForm, key: ({ form }) => form.username })] }, login)
 */
export const fastapiRateLimit = fp(rateLimit, { fastify: '5.x', name: RATE_LIMIT_PLUGIN })
export default fastapiRateLimit

export { RateLimit, type RateLimitSettings, type RateLimitStatus, type RateLimitIdentity, type RateLimitDependencyOptions } from '../../src/rate-limit/rate-limit.js'
export type { RateLimitOptions } from '../../src/rate-limit/rate-limit-options.js'
export type { TimeWindow } from '../../src/rate-limit/time-window.js'
