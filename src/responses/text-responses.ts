import type { FastifyReply } from 'fastify'
import { JSON_CONTENT_TYPE } from '../shared/constants.js'
import { Response, type ResponseInit } from './response.js'

/**
 * HTML (FastAPI's `HTMLResponse`): `text/html; charset=utf-8`, documented as
 * `{"type":"string"}` under `text/html`.
 *
 * @example
 * app.api.get('/items/', { responseClass: HTMLResponse }, () => '<h1>Look ma! HTML!</h1>')
 */
export class HTMLResponse extends Response<string | Uint8Array | null | undefined> {
  static override mediaType: string | undefined = 'text/html'
}

/** Plain text (FastAPI's `PlainTextResponse`): `text/plain; charset=utf-8`. */
export class PlainTextResponse extends Response<string | Uint8Array | null | undefined> {
  static override mediaType: string | undefined = 'text/plain'
}

/**
 * Any value as JSON, past the route's response model (FastAPI's `JSONResponse`): to answer
 * with another status or headers than the route's.
 *
 * @example
 * return new JSONResponse({ message: 'Item not found' }, { status: 404 })
 */
export class JSONResponse extends Response<unknown> {
  static override mediaType: string | undefined = 'application/json'

  override sendTo (reply: FastifyReply): FastifyReply {
    this.writeHead(reply)
    // FastAPI writes `null` for None, as JSON.stringify does not for undefined.
    return reply.header('content-type', this.mediaType === 'application/json' ? JSON_CONTENT_TYPE : this.mediaType).send(JSON.stringify(this.content) ?? 'null')
  }
}

// Starlette's `quote(url, safe=":/%#?=@[]!$&'()*+,;")`: what a URL may hold is kept, anything
// else (a space, CR, LF, non-ASCII) is percent-encoded, so a header cannot be split.
const UNSAFE_IN_URL = /[^\w.\-~:/%#?=@[\]!$&'()*+,;]/gu

/**
 * A redirect (FastAPI's `RedirectResponse`): 307 by default, as Starlette; another status
 * by the route's `status` or the response's own. No body; documented with no content.
 *
 * @example
 * app.api.get('/typer', () => new RedirectResponse('https://typer.tiangolo.com'))
 * app.api.get('/pydantic', { responseClass: RedirectResponse, status: 302 }, () => 'https://docs.pydantic.dev/')
 */
export class RedirectResponse extends Response<string | URL> {
  static override defaultStatus = 307

  constructor (url: string | URL, init: ResponseInit = {}) {
    super(url, init)
  }

  override sendTo (reply: FastifyReply): FastifyReply {
    this.writeHead(reply)
    return reply.header('location', String(this.content).replace(UNSAFE_IN_URL, encodeURIComponent)).send()
  }
}
