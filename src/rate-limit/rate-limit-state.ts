import type { FastifyInstance, FastifyRequest } from 'fastify'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { kRateLimitState } from '../shared/symbols.js'

/** What @fastify/rate-limit's `createRateLimit` checks answer for a request. */
export type LimitCheck =
  | { isAllowed: true, key: string }
  | { isAllowed: false, key: string, max: number, remaining: number, ttl: number, ttlInSeconds: number, isExceeded: boolean }

/** One limit of a RateLimit dependency: requests per window, counted per key. */
export interface LimitSettings {
  readonly max: number
  readonly timeWindow: number
}

/** The rate-limit plugin's state, on the instance it was registered on (and its children). */
export interface RateLimitState {
  /** The check of a limit in this app's store (made the first time a request meets it). */
  limiterOf (limit: LimitSettings): (request: FastifyRequest) => Promise<LimitCheck>
}

export function rateLimitStateOf (instance: FastifyInstance): RateLimitState | undefined {
  return (instance as unknown as Record<symbol, RateLimitState | undefined>)[kRateLimitState]
}

export function rateLimitPluginMissing (who: string): Error {
  return new FFA_ERR_PLUGIN_MISSING(who, "rate-limit (fastify-fastapi/rate-limit, or the fastapi preset's `rateLimit` option)")
}
