import { HTTPException } from '../errors/http-exception.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'

/**
 * What one form body may hold, past Fastify's `bodyLimit` (which bounds the whole body
 * first). Past either, the request is answered 413 `{"detail": "..."}` naming the limit, as
 * soon as the field that passes it is read; nothing of the form reaches a handler.
 */
export interface FormLimits {
  /** Fields (`name=value` pairs; a repeated name counts each time). */
  readonly fields: number
  /** Characters of one field as sent, its name and its encoded value together. */
  readonly fieldSize: number
}

export type FormLimitName = keyof FormLimits

/**
 * Starlette's defaults for a multipart form, kept for urlencoded ones, which Starlette does
 * not limit at all: 1,000 fields (`max_fields`) and 1 MiB per field (`max_part_size`). With
 * Fastify's default `bodyLimit` of 1 MiB, only `fields` can be met first.
 */
export const DEFAULT_FORM_LIMITS: FormLimits = Object.freeze({ fields: 1000, fieldSize: 1024 * 1024 })

const NAMES = Object.keys(DEFAULT_FORM_LIMITS) as FormLimitName[]

/**
 * Checks `formLimits` given as an option (app-wide or on one route) and lays it over `base`.
 * `where` names the owner in errors: `Route POST /login/`, `fastify-fastapi/routing`.
 */
export function resolveFormLimits (where: string, options: unknown, base: FormLimits = DEFAULT_FORM_LIMITS): FormLimits {
  if (options === undefined) return base
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new FFA_ERR_OPTION_INVALID(where, 'formLimits', `must be an object such as { fields: 100, fieldSize: 64 * 1024 }; got ${describeValue(options)}`)
  }
  const limits: Record<string, number> = { ...base }
  for (const [name, value] of Object.entries(options)) {
    if (!(NAMES as string[]).includes(name)) {
      throw new FFA_ERR_OPTION_INVALID(where, `formLimits.${name}`, `is not a form limit; the limits are: ${NAMES.join(', ')}`)
    }
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
      throw new FFA_ERR_OPTION_INVALID(where, `formLimits.${name}`, `must be a whole number of at least 1 (default ${DEFAULT_FORM_LIMITS[name as FormLimitName]}); got ${describeValue(value)}`)
    }
    limits[name] = value as number
  }
  return Object.freeze(limits) as unknown as FormLimits
}

// Worded as Starlette words its 400s for a multipart form ("Too many fields. Maximum number
// of fields is 1000."), then the option to raise, and the field. 413 rather than Starlette's
// 400: the request is well formed, only too large, and the uploads' limits answer 413 too.

function size (bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}

// A client's field name goes into the answer: cut, so that a long one does not come back whole.
function fieldName (name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}...` : name
}

export function tooManyFields (maximum: number): HTTPException {
  return new HTTPException(413, `Too many fields. Maximum number of fields is ${maximum}. (limit 'fields')`)
}

export function fieldTooLarge (maximum: number, name: string): HTTPException {
  return new HTTPException(413, `Field too large. Maximum size of a field is ${size(maximum)}. (limit 'fieldSize', field '${fieldName(name)}')`)
}
