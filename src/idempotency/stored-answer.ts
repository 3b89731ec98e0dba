import { isDeepStrictEqual } from 'node:util'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { RequestValidationError } from '../errors/validation-error.js'
import { kIdempotencyClaim } from '../shared/symbols.js'
import type { IdempotencyState } from './idempotency-state.js'
import { IDEMPOTENT_REPLAYED } from './idempotency-key.js'

/** The first answer to a key, as stored: status, the headers the route set, the body. */
export interface StoredAnswer {
  /** The fingerprint of the request it answered. */
  f: string
  s: number
  h: Record<string, string | string[]>
  /** The body, as text (`e: 'utf8'`) or base64 (`e: 'base64'`). */
  b: string
  e: 'utf8' | 'base64'
}

/** A key's claim while its first request runs: the fingerprint, and a token of its own. */
export interface StoredClaim {
  f: string
  t: string
}

/** A request's claim on its key, from the Idempotency dependency to the answer's onSend. */
export interface RequestClaim {
  readonly state: IdempotencyState
  readonly key: string
  /** The claim's JSON text, as the store holds it. */
  readonly claim: string
  readonly fingerprint: string
  readonly ttlMs: number
  /** The headers set before the handler (a request id, CORS, rate limits): not the answer's own. */
  readonly headersBefore: ReplyHeaders
  /** The error the route threw, if it threw one. */
  error: unknown
  settled: boolean
}

/** A reply's headers, as `reply.getHeaders()` gives them. */
export type ReplyHeaders = ReturnType<FastifyReply['getHeaders']>

type WithClaim = FastifyRequest & { [kIdempotencyClaim]?: RequestClaim }

export function claimOf (request: FastifyRequest): RequestClaim | undefined {
  return (request as WithClaim)[kIdempotencyClaim]
}

export function setClaim (request: FastifyRequest, claim: RequestClaim): void {
  (request as WithClaim)[kIdempotencyClaim] = claim
}

/** Thrown by the Idempotency dependency for a key already answered: the route sends the answer in place of running. */
export class IdempotentReplay extends Error {
  readonly answer: StoredAnswer

  constructor (answer: StoredAnswer) {
    super('An Idempotency-Key already answered: its answer is replayed')
    this.name = 'IdempotentReplay'
    this.answer = answer
  }
}

/** Sends a stored answer again, marked `Idempotent-Replayed: true`. */
export function sendReplay (answer: StoredAnswer, reply: FastifyReply): FastifyReply {
  reply.code(answer.s)
  for (const name of Object.keys(answer.h)) reply.header(name, answer.h[name])
  reply.header(IDEMPOTENT_REPLAYED, 'true')
  return reply.send(answer.e === 'utf8' ? answer.b : Buffer.from(answer.b, 'base64'))
}

// Per connection or per response, never the answer's: recomputed for the replay, or a
// credential (a cookie is not kept in the store).
const NOT_STORED: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'set-cookie', IDEMPOTENT_REPLAYED])

// Answers a retry should not get again: a timeout, the conflicts and limits of that moment.
const RETRYABLE: ReadonlySet<number> = new Set([408, 409, 425, 429])

/**
 * Whether an answer is stored (as Stripe stores them: the endpoint ran, whatever it
 * answered) or its key released for a retry: a server error (5xx, a thrown error), a
 * request that failed validation (the endpoint never ran), and 408, 409, 425 and 429 release it.
 */
export function isStoredAnswer (status: number, error: unknown): boolean {
  return status < 500 && !RETRYABLE.has(status) && !isValidationFailure(error)
}

// Ours (a FastAPI-style route's 422), or Fastify's schema validation on a plain route.
function isValidationFailure (error: unknown): boolean {
  return error instanceof RequestValidationError || Array.isArray((error as { validation?: unknown } | null | undefined)?.validation)
}

/**
 * A route's onError hook: keeps the error its answer is made from (a failed validation is
 * not stored), whether the handler or a hook before it (a plain route's 422) threw it.
 */
export async function keepError (request: FastifyRequest, _reply: FastifyReply, error: unknown): Promise<void> {
  const claim = claimOf(request)
  if (claim !== undefined) claim.error = error
}

function bodyOf (payload: unknown, maxBodySize: number): Pick<StoredAnswer, 'b' | 'e'> | undefined {
  if (payload === undefined || payload === null) return { b: '', e: 'utf8' }
  if (typeof payload === 'string') return Buffer.byteLength(payload) > maxBodySize ? undefined : { b: payload, e: 'utf8' }
  if (payload instanceof Uint8Array) return payload.byteLength > maxBodySize ? undefined : { b: Buffer.from(payload).toString('base64'), e: 'base64' }
  // A stream: its bytes are not in hand, and reading them would hold the response.
  return undefined
}

function headersOf (reply: FastifyReply, before: ReplyHeaders): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {}
  const now = reply.getHeaders()
  for (const name of Object.keys(now)) {
    const value = now[name]
    if (value === undefined || NOT_STORED.has(name) || isDeepStrictEqual(before[name], value)) continue
    headers[name] = Array.isArray(value) ? value.map(String) : String(value)
  }
  return headers
}

/**
 * The route's first onSend hook on a route with an Idempotency dependency: the answer to a
 * claimed key is stored before it is sent (a retry right after it gets it), or the key is
 * released. A store that fails is logged; the answer goes out all the same.
 */
export async function settleClaim (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const claim = claimOf(request)
  if (claim === undefined || claim.settled) return payload
  claim.settled = true
  const { store, maxBodySize } = claim.state
  try {
    const body = isStoredAnswer(reply.statusCode, claim.error) ? bodyOf(payload, maxBodySize) : undefined
    if (body === undefined) {
      await store.release(claim.key, claim.claim)
    } else {
      const answer: StoredAnswer = { f: claim.fingerprint, s: reply.statusCode, h: headersOf(reply, claim.headersBefore), ...body }
      await store.complete(claim.key, claim.claim, JSON.stringify(answer), claim.ttlMs)
    }
  } catch (error) {
    request.log.warn({ err: error }, 'fastify-fastapi/idempotency: the store failed; the answer was sent but not stored')
  }
  return payload
}

/** A claim no answer settled (a hijacked reply): released when the response is over. */
export async function releaseUnsettled (request: FastifyRequest): Promise<void> {
  const claim = claimOf(request)
  if (claim === undefined || claim.settled) return
  claim.settled = true
  try {
    await claim.state.store.release(claim.key, claim.claim)
  } catch (error) {
    request.log.warn({ err: error }, 'fastify-fastapi/idempotency: the store failed to release a key')
  }
}
