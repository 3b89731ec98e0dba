import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { fastapiErrorHandler } from '../../errors/exception-handlers.js'
import type { Response } from '../../responses/response.js'
import { JSON_CONTENT_TYPE } from '../../shared/constants.js'

/** What a `Response` sends: its status, headers (lower-case names) and body, as Fastify holds a payload. */
export interface RenderedResponse {
  status: number
  headers: Record<string, string | string[]>
  payload: unknown
}

/**
 * Stands for Fastify's reply while a `Response` writes itself (`sendTo`), keeping what it
 * sends instead of sending it: an HTTP middleware's own response replaces the route's inside
 * Fastify's onSend, where the reply is already being sent.
 */
class ReplyRecorder {
  statusCode = 200
  readonly headersSet: Record<string, string | string[]> = {}
  payload: unknown = undefined
  sent = false
  readonly request: FastifyRequest
  readonly log: FastifyRequest['log']

  constructor (request: FastifyRequest) {
    this.request = request
    this.log = request.log
  }

  code (status: number): this {
    this.statusCode = status
    return this
  }

  status (status: number): this {
    return this.code(status)
  }

  header (name: string, value: unknown): this {
    const key = name.toLowerCase()
    const current = this.headersSet[key]
    const text = Array.isArray(value) ? value.map(String) : String(value)
    // As Fastify's reply: Set-Cookie adds, any other header replaces.
    this.headersSet[key] = key === 'set-cookie' && current !== undefined ? [current, text].flat() : text
    return this
  }

  headers (values: Record<string, unknown>): this {
    for (const name of Object.keys(values)) this.header(name, values[name])
    return this
  }

  type (contentType: string): this {
    return this.header('content-type', contentType)
  }

  getHeader (name: string): string | string[] | undefined {
    return this.headersSet[name.toLowerCase()]
  }

  hasHeader (name: string): boolean {
    return this.headersSet[name.toLowerCase()] !== undefined
  }

  removeHeader (name: string): this {
    delete this.headersSet[name.toLowerCase()]
    return this
  }

  send (payload?: unknown): this {
    this.payload = this.#sendable(payload)
    this.sent = true
    return this
  }

  // What Fastify's onSend takes: text, a Buffer, a stream or nothing. Fastify's `send` turns
  // other bytes into a Buffer and a value into JSON before onSend, and so does this.
  #sendable (payload: unknown): unknown {
    if (payload === undefined || payload === null || typeof payload === 'string' || Buffer.isBuffer(payload) || payload instanceof Readable) return payload
    if (payload instanceof Uint8Array) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
    if (!this.hasHeader('content-type')) this.header('content-type', JSON_CONTENT_TYPE)
    return JSON.stringify(payload)
  }
}

async function record (request: FastifyRequest, write: (reply: FastifyReply) => unknown): Promise<RenderedResponse> {
  const recorder = new ReplyRecorder(request)
  await write(recorder as unknown as FastifyReply)
  return { status: recorder.statusCode, headers: recorder.headersSet, payload: recorder.payload }
}

/** Runs `response.sendTo` against a recorder: what it would send, unsent. */
export function renderResponse (response: Response, request: FastifyRequest): Promise<RenderedResponse> {
  return record(request, (reply) => response.sendTo(reply))
}

/** The errors plugin's answer to an error (its handlers by class, its format), unsent; it logs the error. */
export function renderError (error: unknown, request: FastifyRequest): Promise<RenderedResponse> {
  return record(request, (reply) => fastapiErrorHandler(error, request, reply))
}
