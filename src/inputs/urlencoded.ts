import { unescape } from 'node:querystring'
import type { DroppedFile } from '../uploads/part-reader.js'
import type { UploadFile } from '../uploads/upload-file.js'
import { fieldTooLarge, tooMany } from '../uploads/client-errors.js'
import type { FormLimits } from './form-limits.js'

/**
 * A form as read from a request body, by field name (no prototype: a field `__proto__` is a
 * field like any other): the value sent, or every value in order when the name is repeated.
 * A multipart form also holds its files here (UploadFile, or bytes).
 */
export type FormValues = Record<string, FormValue | FormValue[]>

/**
 * One value of a form field: text (urlencoded, or a multipart text field), an `UploadFile`
 * or a `Buffer` (`File.bytes()`) for a file field of a multipart form, or what stands in for
 * a file sent to no file field, for validation to name (`extra_forbidden`, a file where text belongs).
 */
export type FormValue = string | UploadFile | Buffer | DroppedFile

// `+` is a space and `%XX` a byte, the bytes UTF-8 (Python's `unquote_plus`, what Starlette
// reads a form with). A bad escape (`%zz`) stays as it is and bad UTF-8 becomes U+FFFD, as
// there; Node's `querystring.unescape` falls back to exactly that when decodeURIComponent throws.
function decode (text: string): string {
  // Fast path: most names and values have nothing to decode (two scans cost less than replaceAll's call).
  const escaped = text.indexOf('%') !== -1
  if (!escaped && text.indexOf('+') === -1) return text
  const spaced = text.replaceAll('+', ' ')
  // Stryker disable next-line ConditionalExpression: equivalent, unescape gives back a text without '%' as it is; this only saves the call
  return escaped ? unescape(spaced) : spaced
}

/**
 * Reads an `application/x-www-form-urlencoded` body into its fields, as Starlette's
 * FormParser does: `&` between fields, the first `=` between a name and its value (a field
 * without one has the value `''`), empty fields skipped. Stops at the first field past a
 * limit with a 413.
 */
export function parseUrlEncoded (text: string, limits: Pick<FormLimits, 'fields' | 'fieldSize'>): FormValues {
  const values: FormValues = Object.create(null) as FormValues
  const length = text.length
  let fields = 0
  let start = 0
  // Stryker disable next-line EqualityOperator: equivalent, at start === length the field is empty, and skipped
  while (start < length) {
    let end = text.indexOf('&', start)
    if (end === -1) end = length
    if (end > start) {
      // Its `=` looked for in the field alone: in the rest of the body, a body of many fields
      // without one would be read again for each of them.
      const field = text.slice(start, end)
      const equals = field.indexOf('=')
      const name = decode(equals === -1 ? field : field.slice(0, equals))
      if (++fields > limits.fields) throw tooMany('fields', limits.fields, name)
      if (field.length > limits.fieldSize) throw fieldTooLarge(limits.fieldSize, name)
      const value = equals === -1 ? '' : decode(field.slice(equals + 1))
      const earlier = values[name]
      if (earlier === undefined) values[name] = value
      else if (typeof earlier === 'string') values[name] = [earlier, value]
      else (earlier as FormValue[]).push(value)
    }
    start = end + 1
  }
  return values
}
