import { HTTPException } from '../errors/http-exception.js'

/** The close codes the library uses (RFC 6455 section 7.4.1; Starlette's `status.WS_*`). */
export const CloseCode = {
  /** WS_1000_NORMAL_CLOSURE */
  normal: 1000,
  /** WS_1001_GOING_AWAY: the server shuts down. */
  goingAway: 1001,
  /** WS_1007_INVALID_FRAME_PAYLOAD_DATA: a message that is not JSON or fails `incoming` (with `onInvalidMessage: 'close'`). */
  invalidPayload: 1007,
  /** WS_1008_POLICY_VIOLATION: a client that does not read its messages fast enough. */
  policyViolation: 1008,
  /** WS_1009_MESSAGE_TOO_BIG: a message over `maxPayload` (closed by `ws` itself). */
  messageTooBig: 1009,
  /** WS_1011_INTERNAL_ERROR: the handler threw. */
  internalError: 1011,
} as const

// A close frame's reason is at most 123 bytes of UTF-8 (125 minus the code).
const MAX_REASON_BYTES = 123

/** A close reason cut to what a close frame can carry, on a character boundary. */
export function closeReason (text: string): string {
  if (Buffer.byteLength(text) <= MAX_REASON_BYTES) return text
  let cut = text.slice(0, MAX_REASON_BYTES)
  while (Buffer.byteLength(cut) > MAX_REASON_BYTES - 3) cut = cut.slice(0, -1)
  return `${cut}...`
}

/**
 * The socket closed while the handler waited for a message: FastAPI's (Starlette's)
 * `WebSocketDisconnect`, with the close code and reason.
 */
export class WebSocketDisconnect extends Error {
  readonly code: number
  readonly reason: string

  constructor (code: number, reason = '') {
    super(`The websocket closed with code ${code}${reason === '' ? '' : `: ${reason}`}`)
    this.name = 'WebSocketDisconnect'
    this.code = code
    this.reason = reason
  }
}

/**
 * Closes a websocket with a code and reason: FastAPI's (Starlette's) `WebSocketException`.
 * Thrown by a dependency before the upgrade, it refuses it with 403 (a close before `accept`
 * is a 403 on uvicorn), the reason as `detail`; thrown by the handler after, it closes the
 * socket with its code.
 *
 * @example
 * if (token === undefined) throw new WebSocketException(CloseCode.policyViolation, 'No token')
 */
export class WebSocketException extends HTTPException {
  readonly code: number
  readonly reason: string

  constructor (code: number, reason = '') {
    super(403, reason === '' ? undefined : reason)
    this.name = 'WebSocketException'
    this.code = code
    this.reason = reason
  }
}
