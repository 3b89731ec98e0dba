import { FFA_ERR_SSE_EVENT_INVALID } from '../shared/codes.js'
import { StreamingResponse } from './streaming-response.js'

/** The fields of one event (FastAPI's `ServerSentEvent`). */
export interface ServerSentEventInit {
  /** The payload, always sent as JSON (`"hello"` is `data: "hello"`). Not with `rawData`. */
  data?: unknown
  /** Text sent as it is in the `data:` field(s), without JSON (HTML, CSV, log lines). Not with `data`. */
  rawData?: string
  /** The event's type, for `addEventListener(event, ...)`; one line. */
  event?: string
  /** The id the browser sends back as `Last-Event-ID` when it reconnects; one line, no NUL. */
  id?: string
  /** How long the browser waits before it reconnects, in milliseconds. */
  retry?: number
  /** Comment lines (`: ...`), which clients ignore. */
  comment?: string
}

/**
 * One event with every field under your control (FastAPI's `ServerSentEvent`), yielded by a
 * route with `responseClass: EventSourceResponse`. Checked when made, as pydantic checks it.
 *
 * @example
 * yield new ServerSentEvent({ data: { progress: 50 }, event: 'progress', id: '2' })
 */
export class ServerSentEvent implements ServerSentEventInit {
  readonly data: unknown
  readonly rawData: string | undefined
  readonly event: string | undefined
  readonly id: string | undefined
  readonly retry: number | undefined
  readonly comment: string | undefined

  constructor (init: ServerSentEventInit = {}) {
    const { data, rawData, event, id, retry, comment } = init
    if (data !== undefined && data !== null && rawData !== undefined) {
      throw new FFA_ERR_SSE_EVENT_INVALID("cannot set both 'data' and 'rawData'. Use 'data' for JSON-serialized payloads or 'rawData' for pre-formatted strings.")
    }
    checkSingleLine('event', event)
    checkSingleLine('id', id)
    if (id?.includes('\0') === true) throw new FFA_ERR_SSE_EVENT_INVALID("'id' must not contain null characters.")
    if (retry !== undefined && (!Number.isInteger(retry) || retry < 0)) {
      throw new FFA_ERR_SSE_EVENT_INVALID(`'retry' must be an integer of milliseconds, 0 or more; got ${String(retry)}.`)
    }
    this.data = data
    this.rawData = rawData
    this.event = event
    this.id = id
    this.retry = retry
    this.comment = comment
  }
}

function checkSingleLine (field: string, value: string | undefined): void {
  if (value !== undefined && /[\r\n]/.test(value)) throw new FFA_ERR_SSE_EVENT_INVALID(`'${field}' must be a single line; got ${JSON.stringify(value)}.`)
}

// The event-stream format's line ends: CRLF, CR, LF. A final line end adds no empty line, as
// Python's splitlines; an empty text has no lines at all.
function linesOf (text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/**
 * One event on the wire (FastAPI's `format_sse_event`): comments, `event:`, one `data:`
 * line per line of the data (a client joins them back with "\n"), `id:`, `retry:`, then a
 * blank line.
 */
export function formatSseEvent (fields: { data?: string, event?: string, id?: string, retry?: number, comment?: string }): string {
  let text = ''
  if (fields.comment !== undefined) for (const line of linesOf(fields.comment)) text += `: ${line}\n`
  if (fields.event !== undefined) text += `event: ${fields.event}\n`
  if (fields.data !== undefined) for (const line of linesOf(fields.data)) text += `data: ${line}\n`
  if (fields.id !== undefined) text += `id: ${fields.id}\n`
  if (fields.retry !== undefined) text += `retry: ${fields.retry}\n`
  return `${text}\n`
}

/** Sent when the generator has been idle for the interval: a comment, which clients ignore, so proxies keep the connection. */
export const KEEPALIVE_COMMENT = ': ping\n\n'

/**
 * Server-sent events (FastAPI 0.135's `EventSourceResponse`), as a route's `responseClass`
 * on a handler that is an async generator: each item yielded is validated and serialized by
 * the route's `response` model and sent as `data:`; a `ServerSentEvent` sets every field.
 * `text/event-stream` with `Cache-Control: no-cache` and `X-Accel-Buffering: no` (nginx
 * then passes events on at once); a `: ping` comment after `pingInterval` ms without an
 * event; the client going away stops the generator, and its dependencies clean up.
 * Returned by a handler, it streams its content as it is, as StreamingResponse does.
 *
 * @example
 * app.api.get('/items/stream', { responseClass: EventSourceResponse, response: Item }, async function* () {
 *   for (const item of items) yield item
 * })
 */
export class EventSourceResponse extends StreamingResponse {
  static override mediaType: string | undefined = 'text/event-stream'
  /** Milliseconds without an event before a keep-alive comment: 15 s, as FastAPI. A subclass may set its own. */
  static pingInterval = 15_000
}
