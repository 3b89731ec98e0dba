import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { HTTPException } from '../errors/http-exception.js'
import type { ErrorsState } from '../errors/exception-handlers.js'
import { DEFAULT_JSON_NESTING_LIMIT } from '../errors/errors-options.js'
import { createJsonBodyParser, refusingInvalidUtf8 } from '../inputs/json-body.js'
import { isPromiseLike } from '../shared/is-promise-like.js'
import { kErrorsState, kWebhookClaim, kWebhookDelivery } from '../shared/symbols.js'
import type { Claim, StoredAnswer } from './event-store.js'
import type { ResolvedWebhook } from './webhook-options.js'
import type { WebhooksState } from './webhooks-state.js'

/** A verified delivery, as `webhookOf(request)` gives it to the handler. */
export class WebhookDelivery {
  constructor (
    /** The event's id (Stripe's payload `id`, `X-GitHub-Delivery`, `webhook-id`); `undefined` without deduplication. */
    readonly id: string | undefined,
    /** The signed timestamp, in seconds since the epoch (Stripe, Standard Webhooks); `undefined` for a provider that signs none. */
    readonly timestamp: number | undefined,
    /** The body's exact bytes, as signed. */
    readonly rawBody: Buffer,
  ) {}
}

interface HeldClaim {
  key: string
  token: string
  /** Set once the answer is recorded: then nothing is released. */
  completed: boolean
}

type WithDelivery = FastifyRequest & { [kWebhookDelivery]: WebhookDelivery | null, [kWebhookClaim]: HeldClaim | null }

const EMPTY = Buffer.alloc(0)
// An id is a key of the store: a provider's are short (Stripe's `evt_` ids, UUIDs); a longer one is no provider's.
const MAX_EVENT_ID = 256

function eventIdOf (webhook: ResolvedWebhook, request: FastifyRequest, payload: unknown): string | undefined {
  const source = webhook.eventId
  if (source === null) return undefined
  const value = 'header' in source
    ? request.headers[source.header]
    : typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>)[source.field] : undefined
  if ((typeof value === 'string' && value !== '' && value.length <= MAX_EVENT_ID) || (typeof value === 'number' && Number.isSafeInteger(value))) return String(value)
  // Signed by the provider, but without what tells a retry from a new event.
  const where = 'header' in source ? `the ${source.header} header` : `the payload's '${source.field}'`
  if (value === undefined || value === null || value === '') throw new HTTPException(400, `Missing the webhook event id (${where})`)
  throw new HTTPException(400, `Malformed webhook event id (${where}): a string of 1 to ${MAX_EVENT_ID} characters or an integer`)
}

/**
 * Sets up the scope a webhook route is served from, once: a body parser that keeps the exact
 * bytes (for this route only), then a hook that checks the signature over them, parses the
 * JSON as the app's parser would, and claims the event so a retry never runs it twice.
 */
export function webhookScope (webhook: ResolvedWebhook, state: WebhooksState | null, route: string) {
  return function setUpWebhookScope (scope: FastifyInstance): void {
    const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = scope.initialConfig
    // The errors plugin's nesting limit, as its own JSON parser applies it to every other route.
    const nestingLimit = (scope as unknown as Record<symbol, ErrorsState | undefined>)[kErrorsState]?.jsonNestingLimit ?? DEFAULT_JSON_NESTING_LIMIT
    const parseJson = refusingInvalidUtf8(createJsonBodyParser(onProtoPoisoning, onConstructorPoisoning, nestingLimit))
    const verify = webhook.verify
    // The route as served, its mount prefix included: one router mounted twice keeps two sets of events.
    const space = route.indexOf(' ')
    const keyPrefix = `${route.slice(0, space + 1)}${scope.prefix}${route.slice(space + 1)}:`

    // Every content type, as bytes: what the provider signed is checked before anything reads it.
    scope.removeAllContentTypeParsers()
    const asBytes = { parseAs: 'buffer', bodyLimit: webhook.maxBodySize } as const
    const keepBytes = (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void): void => { done(null, body) }
    scope.addContentTypeParser('*', asBytes, keepBytes)
    // Providers send JSON: under its name Fastify finds the parser once per content type, where
    // it looks the catch-all up anew for every request.
    scope.addContentTypeParser('application/json', asBytes, keepBytes)
    // null, not objects: a decorator's object would be shared by every request.
    scope.decorateRequest(kWebhookDelivery, null)
    scope.decorateRequest(kWebhookClaim, null)

    scope.addHook('preValidation', function receiveWebhook (request, reply, done) {
      const body = request.body
      // No body at all: the empty bytes are what was signed.
      const raw = Buffer.isBuffer(body) ? body : EMPTY
      let id: string | undefined
      let timestamp: number | undefined
      let failure: Error | null = null
      try {
        timestamp = verify(request.headers, raw, Date.now() / 1000).timestamp
        parseJson(request, raw, (error, value) => {
          failure = error
          request.body = value
        })
        if (failure === null) id = eventIdOf(webhook, request, request.body)
      } catch (error) {
        return done(error as Error)
      }
      if (failure !== null) return done(failure)
      ;(request as WithDelivery)[kWebhookDelivery] = new WebhookDelivery(id, timestamp, raw)
      // Fast path: no deduplication, nothing more to do.
      if (id === undefined || state === null) return done()
      const key = keyPrefix + id
      const claim = state.store.claim(key, state.lockMs)
      if (!isPromiseLike(claim)) return answerClaim(claim, key, request, reply, done)
      claim.then((found) => { answerClaim(found, key, request, reply, done) }, done)
    })

    if (state === null || webhook.eventId === null) return
    const { store, ttlMs } = state

    // The first 2xx answer is recorded before it goes out: once the provider sees it, a retry finds it.
    scope.addHook('onSend', function recordWebhookAnswer (request, reply, payload, done) {
      const held = (request as WithDelivery)[kWebhookClaim]
      if (held === null || reply.statusCode < 200 || reply.statusCode > 299) return done(null, payload)
      const contentType = reply.getHeader('content-type')
      const answer: StoredAnswer = {
        status: reply.statusCode,
        contentType: typeof contentType === 'string' ? contentType : undefined,
        // A stream's content is not kept: a retry gets the status alone.
        body: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '',
      }
      held.completed = true
      let recorded: void | Promise<void>
      try {
        recorded = store.complete(held.key, held.token, answer, ttlMs)
      } catch (error) {
        recorded = Promise.reject(error)
      }
      if (!isPromiseLike(recorded)) return done(null, payload)
      // The event did run: a store that failed to record it costs a retry running it again, not this answer.
      recorded.then(() => { done(null, payload) }, (error: Error) => {
        request.log.warn({ err: error }, `${route}: the webhook's answer could not be recorded; a retry of event ${held.key.slice(keyPrefix.length)} will run it again`)
        done(null, payload)
      })
    })

    // Anything but a recorded 2xx gives the event up, so the provider's retry runs it.
    scope.addHook('onResponse', function releaseWebhookClaim (request, _reply, done) {
      const held = (request as WithDelivery)[kWebhookClaim]
      if (held === null || held.completed) return done()
      ;(request as WithDelivery)[kWebhookClaim] = null
      let released: void | Promise<void>
      try {
        released = store.release(held.key, held.token)
      } catch (error) {
        released = Promise.reject(error)
      }
      // Not awaited: the response is gone; a claim left behind lapses after its lock time anyway.
      if (isPromiseLike(released)) released.then(undefined, (error: Error) => request.log.warn({ err: error }, `${route}: a webhook's claim could not be released; it lapses by itself`))
      done()
    })
  }
}

function answerClaim (claim: Claim, key: string, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (claim.kind === 'claimed') {
    ;(request as WithDelivery)[kWebhookClaim] = { key, token: claim.token, completed: false }
    return done()
  }
  if (claim.kind === 'in-flight') {
    // Another request runs this event now: the provider retries later and then finds its answer.
    return done(new HTTPException(409, 'This webhook event is already being processed; retry later', { 'Retry-After': '5' }))
  }
  // Processed already: the provider's retry gets the first answer, and the handler does not run again.
  reply.code(claim.answer.status)
  if (claim.answer.contentType !== undefined) reply.type(claim.answer.contentType)
  reply.send(claim.answer.body)
  done()
}

/** The verified delivery of a webhook route's request (its id, timestamp and exact body); `undefined` elsewhere. */
export function webhookOf (request: FastifyRequest): WebhookDelivery | undefined {
  return (request as Partial<WithDelivery>)[kWebhookDelivery] ?? undefined
}
