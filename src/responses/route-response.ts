import type { FastifyReply } from 'fastify'
import { ItemStream, type ItemSource, type ItemWriter } from './item-stream.js'
import { Response, type ResponseClass } from './response.js'
import { EventSourceResponse, formatSseEvent, KEEPALIVE_COMMENT, ServerSentEvent } from './server-sent-events.js'
import { JSONResponse } from './text-responses.js'

/** Sends a handler's value; a promise when the sending outlives the call (a file, a stream). */
export type ClassSender = (result: unknown, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>

/** How a route answers, decided at registration from its `responseClass` and its handler. */
export type RouteResponseKind = 'json' | 'class' | 'json-lines' | 'event-stream'

const AsyncGeneratorFunction = Object.getPrototypeOf(async function * () {}) as object
const GeneratorFunction = Object.getPrototypeOf(function * () {}) as object

/** Whether a handler is a generator function (`async function*`, `function*`): FastAPI streams what those yield. */
export function isGeneratorHandler (handler: unknown): boolean {
  const proto = typeof handler === 'function' ? Object.getPrototypeOf(handler) as unknown : undefined
  return proto === AsyncGeneratorFunction || proto === GeneratorFunction
}

export function extendsClass (value: ResponseClass | undefined, base: abstract new (...args: never[]) => unknown): boolean {
  return value !== undefined && (value === base || value.prototype instanceof base)
}

/**
 * FastAPI's choice, made once: a generator handler streams JSON Lines (0.134), or server-sent
 * events with `EventSourceResponse` (0.135), or raw chunks with a `StreamingResponse`; any
 * other class wraps what the handler returns; without one (or with JSONResponse) the route
 * answers JSON through its compiled serializer.
 */
export function routeResponseKind (responseClass: ResponseClass | undefined, generator: boolean): RouteResponseKind {
  if (extendsClass(responseClass, EventSourceResponse)) return 'event-stream'
  if (responseClass === undefined || extendsClass(responseClass, JSONResponse)) return generator ? 'json-lines' : 'json'
  return 'class'
}

/** A `Response` a handler returned: sent as it is; a file's failure becomes the error answer. */
export function sendResponse (response: Response, reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
  const sent = response.sendTo(reply)
  return sent instanceof Promise ? sent.catch((error: unknown) => reply.send(error)) : sent
}

/**
 * The sender of a route with a response class: a returned `Response` goes as it is; anything
 * else is the class's content, with the status the reply has (the route's, the class's
 * default, or one the handler set).
 */
export function compileClassSender (responseClass: ResponseClass): ClassSender {
  const Class = responseClass as unknown as new (content: unknown, init: { status: number }) => Response
  return function sendAsClass (result, reply) {
    if (result === reply || reply.sent) return reply
    return sendResponse(result instanceof Response ? result : new Class(result, { status: reply.statusCode }), reply)
  }
}

function sourceOf (result: unknown): ItemSource {
  const iterable = result as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null
  const iterator = iterable?.[Symbol.asyncIterator]?.() ?? iterable?.[Symbol.iterator]?.()
  if (iterator === undefined) throw new TypeError(`A streaming route's handler must be a generator; it gave ${typeof result}.`)
  return iterator
}

function streamItems (result: unknown, reply: FastifyReply, write: ItemWriter, keepAliveMs?: number): FastifyReply | Promise<FastifyReply> {
  if (result === reply || reply.sent) return reply
  if (result instanceof Response) return sendResponse(result, reply)
  const source = sourceOf(result)
  // HEAD wants the head only: Fastify would drain the stream, and an event stream never ends.
  if (reply.request.method === 'HEAD') return Promise.resolve(source.return?.()).then(() => reply.send(), (error: unknown) => reply.send(error))
  // The head goes out as soon as the response reads the stream, before the first item: a client
  // sees the stream open at once (EventSource's `open`). Not earlier: an async onSend hook may
  // still be setting headers when send returns.
  const stream = new ItemStream(source, write, reply.log, keepAliveMs, KEEPALIVE_COMMENT, () => { reply.raw.flushHeaders() })
  reply.send(stream)
  return stream.finished.then(() => reply)
}

/**
 * JSON Lines (FastAPI 0.134): one JSON value per line, `application/jsonl`, each item through
 * the route's model; `X-Accel-Buffering: no` so that a proxy passes each line on at once.
 */
export function compileJsonLinesSender (serializeItem: (item: unknown) => string): ClassSender {
  const write: ItemWriter = (item) => `${serializeItem(item)}\n`
  return function sendJsonLines (result, reply) {
    reply.header('content-type', 'application/jsonl').header('x-accel-buffering', 'no')
    return streamItems(result, reply, write)
  }
}

/** Server-sent events (FastAPI 0.135's EventSourceResponse): see `EventSourceResponse`. */
export function compileEventStreamSender (responseClass: typeof EventSourceResponse, serializeItem: (item: unknown) => string): ClassSender {
  const write: ItemWriter = (item) => item instanceof ServerSentEvent
    // A ServerSentEvent is the developer's own shape: its data skips the model, as in FastAPI.
    ? formatSseEvent({
      data: item.rawData ?? (item.data === undefined || item.data === null ? undefined : JSON.stringify(item.data)),
      event: item.event,
      id: item.id,
      retry: item.retry,
      comment: item.comment,
    })
    : formatSseEvent({ data: serializeItem(item) })
  const keepAliveMs = responseClass.pingInterval
  const contentType = `${responseClass.mediaType ?? 'text/event-stream'}; charset=utf-8`
  return function sendEvents (result, reply) {
    reply.header('content-type', contentType).header('cache-control', 'no-cache').header('x-accel-buffering', 'no')
    return streamItems(result, reply, write, keepAliveMs)
  }
}
