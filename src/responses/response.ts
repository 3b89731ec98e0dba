import type { FastifyReply } from 'fastify'

/** What a response starts with besides its content (Starlette's `status_code`, `headers`, `media_type`). */
export interface ResponseInit {
  /** The status; the class's default when not given (200, a redirect's 307). */
  status?: number
  headers?: Record<string, string>
  /** The `Content-Type`, in place of the class's. */
  mediaType?: string
}

/**
 * A response of its own, as Starlette's `Response`: a handler may return one (FastAPI's
 * "Return a Response directly") and it is sent as it is, past the route's response model; a
 * route may name its class (`responseClass`, FastAPI's `response_class`) and return only the
 * content. Subclasses say how their content becomes bytes (`sendTo`); the docs show a class
 * with a media type as a string of that type, one without (a redirect, a stream) with no content.
 *
 * @example
 * app.api.get('/legacy/', () => new Response('<?xml version="1.0"?><shampoo/>', { mediaType: 'application/xml' }))
 */
export class Response<TContent = unknown> {
  /** The `Content-Type` (Starlette's `media_type`); `undefined` sends none, and the docs show no content. */
  static mediaType: string | undefined = undefined
  /** The status when neither the route nor the response gives one. */
  static defaultStatus = 200

  readonly content: TContent
  readonly status: number
  readonly headers: Record<string, string>
  readonly mediaType: string | undefined

  constructor (content: TContent, init: ResponseInit = {}) {
    const type = new.target as typeof Response
    this.content = content
    this.status = init.status ?? type.defaultStatus
    this.headers = init.headers ?? {}
    this.mediaType = init.mediaType ?? type.mediaType
  }

  /** Writes this response on Fastify's reply; the status, headers and type first, then the body. */
  sendTo (reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
    this.writeHead(reply)
    return reply.send(textOrBytes(this.content, this.constructor.name))
  }

  protected writeHead (reply: FastifyReply): void {
    reply.code(this.status)
    if (this.mediaType !== undefined) reply.header('content-type', withCharset(this.mediaType))
    for (const name of Object.keys(this.headers)) reply.header(name, this.headers[name])
  }
}

/** A response class: `HTMLResponse`, `RedirectResponse`, one of yours extending `Response`. */
export type ResponseClass = (new (content: never, init?: ResponseInit) => Response) & {
  mediaType: string | undefined
  defaultStatus: number
}

// Starlette adds the charset to text types: `text/html; charset=utf-8`.
export function withCharset (mediaType: string): string {
  return mediaType.startsWith('text/') && !mediaType.includes('charset') ? `${mediaType}; charset=utf-8` : mediaType
}

// Starlette's `render`: text or bytes, nothing for `None`; anything else is a server bug.
export function textOrBytes (content: unknown, owner: string): string | Uint8Array {
  if (content === undefined || content === null) return ''
  if (typeof content === 'string' || content instanceof Uint8Array) return content
  throw new TypeError(`${owner} sends text or bytes; the handler gave ${typeof content}. Return a string, or use JSONResponse for a value.`)
}

export function isResponseClass (value: unknown): value is ResponseClass {
  return typeof value === 'function' && (value === Response || value.prototype instanceof Response)
}
