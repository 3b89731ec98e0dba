import type { FastifyReply, FastifyRequest } from 'fastify'
import { kHeldUntilAnswer } from './symbols.js'

/**
 * Work a request holds until it has succeeded (the jobs it enqueued): released once its
 * handler, response model and function-scoped cleanups are done, just before its answer goes
 * out, and dropped if it fails.
 */
export interface HeldUntilAnswer {
  /** The request succeeded: do the work now. A rejection answers in place of the response, and drops all the request held. */
  release (reply: FastifyReply): Promise<void>
  /** The request failed: the work is not done. May be called more than once. */
  drop (reply: FastifyReply): void
}

type WithHeld = FastifyRequest & { [kHeldUntilAnswer]?: HeldUntilAnswer[] | null }

/** Holds `work` until the request's answer (the owner decorates requests with `kHeldUntilAnswer`, null). */
export function holdUntilAnswer (request: FastifyRequest, work: HeldUntilAnswer): void {
  const withHeld = request as WithHeld
  const held = withHeld[kHeldUntilAnswer]
  if (held === undefined || held === null) withHeld[kHeldUntilAnswer] = [work]
  else held.push(work)
}

/** Whether the request holds work until its answer: one property read for a request that holds none. */
export function holdsUntilAnswer (request: FastifyRequest): boolean {
  return ((request as WithHeld)[kHeldUntilAnswer] ?? null) !== null
}

// Taken once, by whoever releases or drops it.
function take (request: FastifyRequest): HeldUntilAnswer[] | null {
  const withHeld = request as WithHeld
  const held = withHeld[kHeldUntilAnswer] ?? null
  if (held !== null) withHeld[kHeldUntilAnswer] = null
  return held
}

/** Releases the request's held work, in the order it was held; `undefined` when it holds none. */
export function releaseHeld (request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
  const held = take(request)
  if (held === null) return undefined
  // Answered already (its handlerTimeout's 503): the request did not succeed.
  if (reply.sent) {
    dropAll(held, reply)
    return undefined
  }
  const [first, ...rest] = held as [HeldUntilAnswer, ...HeldUntilAnswer[]]
  let released = first.release(reply)
  for (const work of rest) released = released.then(() => work.release(reply))
  // One that fails answers for the request: every one is dropped (its Location goes).
  return released.catch((error: unknown) => {
    dropAll(held, reply)
    throw error
  })
}

function dropAll (held: readonly HeldUntilAnswer[], reply: FastifyReply): void {
  for (const work of held) work.drop(reply)
}

/** Drops the request's held work: it failed. */
export function dropHeld (request: FastifyRequest, reply: FastifyReply): void {
  const held = take(request)
  if (held !== null) dropAll(held, reply)
}
