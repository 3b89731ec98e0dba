import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { DependencyPlan } from '../../src/depends/compile-plan.js'
import { refusePlainDependenciesWithoutPlugin, wrappedPlainRouteOf } from '../../src/depends/plain-routes.js'
import { prependHook } from '../../src/depends/early-checks.js'
import { dependsStateOf } from '../../src/depends/state.js'
import { isIdempotencyDefinition } from '../../src/idempotency/idempotency.js'
import { IDEMPOTENCY_PLUGIN, resolveIdempotencyOptions, type IdempotencyOptions } from '../../src/idempotency/idempotency-options.js'
import type { IdempotencyState } from '../../src/idempotency/idempotency-state.js'
import { MemoryIdempotencyStore, type IdempotencyStore } from '../../src/idempotency/idempotency-store.js'
import { RedisClaims } from '../../src/shared/redis-claims.js'
import { IdempotentReplay, keepError, releaseUnsettled, sendReplay, settleClaim } from '../../src/idempotency/stored-answer.js'
import { FFA_ERR_PLUGIN_MISSING } from '../../src/shared/codes.js'
import { isPromiseLike } from '../../src/shared/is-promise-like.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { redisFor } from '../../src/shared/redis-connection.js'
import { kIdempotencyState, kRouteDescription } from '../../src/shared/symbols.js'

type Handler = (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown

async function idempotency (app: FastifyInstance, opts: IdempotencyOptions): Promise<void> {
  const options = resolveIdempotencyOptions(opts)
  if (registeredBefore(app, IDEMPOTENCY_PLUGIN, opts)) return
  // Its onRoute hook must come after the depends plugin's, which wraps plain routes first.
  if (dependsStateOf(app) === undefined) throw new FFA_ERR_PLUGIN_MISSING(IDEMPOTENCY_PLUGIN, 'depends (fastify-fastapi/depends, or the fastapi preset)')
  refusePlainDependenciesWithoutPlugin(app)
  const store: IdempotencyStore = options.redis === null
    ? new MemoryIdempotencyStore(options.maxEntries)
    // An answer is only kept for the claim that is still held.
    : new RedisClaims(await redisFor(app, IDEMPOTENCY_PLUGIN, 'redis', options.redis), options.prefix, false)
  const state: IdempotencyState = Object.freeze({ store, maxBodySize: options.maxBodySize })
  app.decorate(kIdempotencyState, state)

  // Only the routes with an Idempotency dependency pay anything: their handler answers a
  // replay, their first onSend hook (before gzip's, which compresses last) stores the answer.
  app.addHook('onRoute', (route) => {
    const plan = planOf(route)
    if (plan === undefined || !plan.steps.some((step) => isIdempotencyDefinition(step.definition))) return
    route.handler = replaying(route.handler as Handler)
    route.onSend = prependHook(settleClaim, route.onSend)
    route.onError = appendHook(route.onError, keepError)
    route.onResponse = appendHook(route.onResponse, releaseUnsettled)
  })
}

function planOf (route: RouteOptions): DependencyPlan | undefined {
  const description = (route.config as Record<symbol, { dependencies: DependencyPlan | null } | undefined> | undefined)?.[kRouteDescription]
  return description?.dependencies ?? wrappedPlainRouteOf(route)?.plan
}

// A route's hooks of one kind with ours last: a route option holds one hook or an array of them.
function appendHook<THook> (own: THook | THook[] | undefined, hook: THook): THook[] {
  return own === undefined ? [hook] : [...(Array.isArray(own) ? own : [own]), hook]
}

// The Idempotency dependency throws IdempotentReplay for a key already answered, through the
// generators' cleanups (a transaction rolls back: nothing ran): the route sends the stored
// answer in place of an error.
function replaying (handler: Handler): Handler {
  return function idempotentRoute (request, reply) {
    const answer = (error: unknown): FastifyReply => {
      if (error instanceof IdempotentReplay) return sendReplay(error.answer, reply)
      throw error
    }
    let outcome: unknown
    try {
      outcome = handler.call(this, request, reply)
    } catch (error) {
      return answer(error)
    }
    return isPromiseLike(outcome) ? Promise.resolve(outcome).then(undefined, answer) : outcome
  }
}

/**
 * Idempotency-Keys (draft-ietf-httpapi-idempotency-key-header): the store of the
 * `Idempotency` dependencies' keys and first answers, in memory or in Redis shared by every
 * instance, and the hooks that replay and store the answers of the routes that use one.
 *
 * @example
 * await app.register(fastapiIdempotency, { redis: 'redis://127.0.0.1:6379' })
 * app.api.post('/orders/', { status: 201, deps: { key: Idempotency() } }, createOrder)
 */
export const fastapiIdempotency = fp(idempotency, { fastify: '5.x', name: IDEMPOTENCY_PLUGIN })
export default fastapiIdempotency

export { Idempotency, type IdempotencySettings, type IdempotencyScope, type IdempotencyIdentity, type IdempotencyKeyValue } from '../../src/idempotency/idempotency.js'
export type { IdempotencyOptions } from '../../src/idempotency/idempotency-options.js'
