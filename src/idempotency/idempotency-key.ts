import type { FastifyRequest } from 'fastify'
import type { DeclaredError } from '../depends/types.js'
import { HTTPException } from '../errors/http-exception.js'

/** The request header (draft-ietf-httpapi-idempotency-key-header), as Node lower-cases it. */
export const IDEMPOTENCY_KEY = 'idempotency-key'
/** The header a replayed answer carries (Stripe's name, which most APIs that replay use). */
export const IDEMPOTENT_REPLAYED = 'idempotent-replayed'

// The draft's error scenarios, in FastAPI's `{"detail": ...}`: 400 for a missing (or
// unreadable) key, 409 while the first request with the key is still running, 422 for a key
// reused with another request.
export const KEY_MISSING = 'Idempotency-Key is missing: this operation requires an Idempotency-Key header with a unique key, such as a UUID'
export const KEY_INVALID = 'Idempotency-Key is invalid: send a non-empty string of printable ASCII characters, such as a UUID'
export const KEY_IN_FLIGHT = 'A request with this Idempotency-Key is still being processed: retry it later'
export const KEY_REUSED = 'This Idempotency-Key was already used with another request: send a new key for a new request'

export function keyTooLong (maxKeyLength: number): string {
  return `Idempotency-Key is too long: at most ${maxKeyLength} characters`
}

/** What a route with an Idempotency dependency documents, besides the 422 of its validation. */
export const IDEMPOTENCY_ERRORS: readonly DeclaredError[] = Object.freeze([
  Object.freeze({ status: 400, description: 'Idempotency-Key missing or invalid' }),
  Object.freeze({ status: 409, description: 'A request with this Idempotency-Key is still being processed' }),
])

// Printable ASCII, the characters of a Structured Field String (RFC 8941, 3.3.3).
const PRINTABLE = /^[\x20-\x7e]+$/

/**
 * The key a request sent, or `null` without one. The draft defines the field as a Structured
 * Field String (`Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"`); the bare form most
 * APIs take (Stripe's `Idempotency-Key: KG5LxwFBepaKHyUD`) is read too. Throws the 400 to
 * answer for a key that is empty, unreadable or longer than `maxKeyLength`.
 */
export function readIdempotencyKey (request: FastifyRequest, maxKeyLength: number): string | null {
  const sent = request.headers[IDEMPOTENCY_KEY]
  if (sent === undefined) return null
  // Node joins a repeated field with ", " (headersDistinct keeps them apart): two keys are no key.
  const distinct = (request.raw as { headersDistinct?: Record<string, string[] | undefined> }).headersDistinct?.[IDEMPOTENCY_KEY]
  if (typeof sent !== 'string' || (distinct !== undefined && distinct.length > 1)) throw new HTTPException(400, KEY_INVALID)
  const raw = sent.trim()
  const key = raw.startsWith('"') ? unquote(raw) : raw
  if (key === null || key === '' || !PRINTABLE.test(key)) throw new HTTPException(400, KEY_INVALID)
  if (key.length > maxKeyLength) throw new HTTPException(400, keyTooLong(maxKeyLength))
  return key
}

// An sf-string: between quotes, `\"` and `\\` escaped, nothing after the closing quote.
function unquote (raw: string): string | null {
  let key = ''
  for (let index = 1; index < raw.length; index++) {
    const char = raw[index] as string
    if (char === '\\') {
      const next = raw[++index]
      if (next !== '"' && next !== '\\') return null
      key += next
    } else if (char === '"') {
      return index === raw.length - 1 ? key : null
    } else {
      key += char
    }
  }
  return null
}
