import { STATUS_CODES } from 'node:http'

/** Response headers an exception adds to its error response. */
export type ExceptionHeaders = Record<string, string>

/**
 * An HTTP error meant for the client: FastAPI's `HTTPException`.
 * The errors plugin answers it as `{"detail": detail}` with `status` and `headers`.
 * `detail` may be any JSON value; it defaults (for `undefined` or `null`) to the status' reason phrase.
 *
 * @example
 * if (!item) throw new HTTPException(404, 'Item not found')
 * throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
 */
export class HTTPException extends Error {
  readonly status: number
  readonly detail: unknown
  readonly headers: ExceptionHeaders | undefined

  constructor (status: number, detail?: unknown, headers?: ExceptionHeaders) {
    // FastAPI: `detail=None` means the reason phrase.
    const text = detail === undefined || detail === null ? (STATUS_CODES[status] ?? 'Error') : detail
    super(typeof text === 'string' ? text : JSON.stringify(text))
    this.name = 'HTTPException'
    this.status = status
    this.detail = text
    this.headers = headers
  }

  /** Fastify's name for `status`: without the errors plugin, Fastify still answers with it. */
  get statusCode (): number {
    return this.status
  }
}
