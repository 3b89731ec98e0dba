import type { FastifyReply } from 'fastify'
import type { DeclaredError } from '../depends/types.js'
import { HTTPException } from '../errors/http-exception.js'

// The headers of the IETF's RateLimit draft (draft-ietf-httpapi-ratelimit-headers), as
// @fastify/rate-limit writes them with `enableDraftSpec`: the limit, what is left of it, and
// the seconds until the window starts again; a refused request also gets `Retry-After`.
export const LIMIT = 'ratelimit-limit'
export const REMAINING = 'ratelimit-remaining'
export const RESET = 'ratelimit-reset'
export const RETRY_AFTER = 'retry-after'

/** fastapi-limiter's answer (its `http_default_callback`): FastAPI's HTTPException, 429 "Too Many Requests". */
export const TOO_MANY_REQUESTS = 'Too Many Requests'

/** The 429 a limited route documents in OpenAPI, with its headers. */
export const TOO_MANY_REQUESTS_RESPONSE: DeclaredError = Object.freeze({
  status: 429,
  description: TOO_MANY_REQUESTS,
  headers: Object.freeze({ 'Retry-After': '', 'RateLimit-Limit': '', 'RateLimit-Remaining': '', 'RateLimit-Reset': '' }),
})

/** A request that the limit still lets through: the headers say how much is left. */
export function setLimitHeaders (reply: FastifyReply, max: number, remaining: number, resetSeconds: number): void {
  reply.header(LIMIT, max)
  reply.header(REMAINING, remaining)
  reply.header(RESET, resetSeconds)
}

/** The refusal: `{"detail":"Too Many Requests"}` with `Retry-After` and the RateLimit headers. */
export function tooManyRequests (max: number, resetSeconds: number): HTTPException {
  const seconds = String(resetSeconds)
  return new HTTPException(429, TOO_MANY_REQUESTS, { [LIMIT]: String(max), [REMAINING]: '0', [RESET]: seconds, [RETRY_AFTER]: seconds })
}
