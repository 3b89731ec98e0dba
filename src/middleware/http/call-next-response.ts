import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { ResponseHeaders } from './response-headers.js'

/** Where a CallNextResponse reads and writes: the reply, and the body as Fastify's onSend holds it. */
export interface ResponseSource {
  readonly reply: FastifyReply
  payload: unknown
}

/** What a body may be set to: text, bytes, a stream, or nothing. */
export type BodyContent = string | Uint8Array | Readable | null

const EMPTY = Buffer.alloc(0)

/**
 * The response the rest of the app made, as an HTTP middleware gets it from `callNext`
 * (Starlette's `call_next` response). Its status and headers are read and set in place; its
 * body is read only when asked for (`await response.body()`), so a middleware that touches
 * only headers never copies it, and a stream is passed on as a stream. Return it, changed or
 * not, or return a `Response` of your own instead.
 *
 * @example
 * app.middleware('http', async (request, callNext) => {
 *   const response = await callNext(request)
 *   response.headers.set('X-Frame-Options', 'DENY')
 *   if (response.status === 404) response.setBody(JSON.stringify({ detail: 'Nothing here' }))
 *   return response
 * })
 */
export class CallNextResponse {
  readonly #source: ResponseSource
  #headers: ResponseHeaders | undefined

  constructor (source: ResponseSource) {
    this.#source = source
  }

  /** The status code (Starlette's `status_code`); setting it changes the response's. */
  get status (): number {
    return this.#source.reply.statusCode
  }

  set status (value: number) {
    this.#source.reply.code(value)
  }

  /** The response's headers, changed in place. */
  get headers (): ResponseHeaders {
    this.#headers ??= new ResponseHeaders(this.#source.reply)
    return this.#headers
  }

  /**
   * The body's bytes. A stream is read to its end (and the bytes are sent in its place), so
   * read the body of a large download only when you need it.
   */
  async body (): Promise<Buffer> {
    const source = this.#source
    const payload = source.payload
    if (Buffer.isBuffer(payload)) return payload
    if (typeof payload === 'string') return Buffer.from(payload)
    if (payload === undefined || payload === null) return EMPTY
    const bytes = await readAll(payload, source.reply)
    source.payload = bytes
    return bytes
  }

  /** The body as UTF-8 text. */
  async text (): Promise<string> {
    const payload = this.#source.payload
    return typeof payload === 'string' ? payload : (await this.body()).toString('utf8')
  }

  /** The body parsed as JSON. */
  async json (): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown
  }

  /**
   * Replaces the body, sent as given: `Content-Length` (Fastify measures text and bytes again)
   * and `Content-Encoding` (a gzip middleware's, say) are dropped; set `Content-Type`
   * yourself if the new body is of another type.
   */
  setBody (content: BodyContent): void {
    const source = this.#source
    if (content !== source.payload) discard(source.payload)
    // Fastify's onSend passes on text, a Buffer or a stream; its `send` would have made the Buffer.
    source.payload = content instanceof Uint8Array && !Buffer.isBuffer(content) ? Buffer.from(content.buffer, content.byteOffset, content.byteLength) : content
    source.reply.removeHeader('content-length')
    source.reply.removeHeader('content-encoding')
  }
}

/** A body nobody will send: a stream is closed, so that a file or a generator is let go. */
export function discard (payload: unknown): void {
  if (payload instanceof Readable) payload.destroy()
}

async function readAll (payload: unknown, reply: FastifyReply): Promise<Buffer> {
  if (isWebResponse(payload)) {
    // What Fastify would read from a fetch Response when sending it: its status and headers too.
    reply.code(payload.status)
    payload.headers.forEach((value, name) => { reply.header(name, value) })
    return Buffer.from(await payload.arrayBuffer())
  }
  const chunks: Buffer[] = []
  for await (const chunk of payload as AsyncIterable<string | Uint8Array>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
  }
  return Buffer.concat(chunks)
}

function isWebResponse (value: unknown): value is globalThis.Response {
  return Object.prototype.toString.call(value) === '[object Response]'
}
