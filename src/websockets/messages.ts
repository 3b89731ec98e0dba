import type { RawData } from 'ws'
import type { z } from 'zod'
import { item, messages, type ValidationErrorItem } from '../errors/validation-item.js'
import { zodIssuesToItems } from '../errors/zod-issues.js'
import { findJsonDecodeError } from '../inputs/json-decode-error.js'
import { REFUSED, type ExactInput } from '../inputs/exact-input.js'

/**
 * How a route reads its incoming messages: the `incoming` schema and its compiled fast path
 * (zod's output for a message it accepts), or `null` for text as it is.
 */
export type MessageReader = { schema: z.ZodType, exact: ExactInput } | null

function toBuffer (data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
}

/**
 * One incoming message: parsed as JSON and validated through `incoming`, errors reported as
 * FastAPI reports a body's, at `["message", ...]` (`json_invalid` with Python's position for
 * a text that is not JSON). Without `incoming`, the text (a Buffer for a binary frame).
 */
export function readMessage (reader: MessageReader, data: RawData, isBinary: boolean, errors: ValidationErrorItem[]): unknown {
  if (reader === null) return isBinary ? toBuffer(data) : data.toString()
  const text = data.toString()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    const error = findJsonDecodeError(text)
    errors.push(item('json_invalid', ['message', error?.position ?? 0], messages.json_invalid, {}, { error: error?.message ?? 'Invalid JSON' }))
    return undefined
  }
  // Fast path: what zod would return, for a message the exact JSON Schema accepts.
  const message = reader.exact(value)
  if (message !== REFUSED) return message
  const parsed = reader.schema.safeParse(value)
  if (parsed.success) return parsed.data
  zodIssuesToItems(parsed.error.issues, ['message'], value, 'null', errors)
  return undefined
}
