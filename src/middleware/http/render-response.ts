import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Response } from '../../responses/response.js'

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
    this.payload = payload
    this.sent = true
    return this
  }
}

/** Runs `response.sendTo` against a recorder: what it would send, unsent. */
export async function renderResponse (response: Response, request: FastifyRequest): Promise<RenderedResponse> {
  const recorder = new ReplyRecorder(request)
  await response.sendTo(recorder as unknown as FastifyReply)
  return { status: recorder.statusCode, headers: recorder.headersSet, payload: recorder.payload }
}
