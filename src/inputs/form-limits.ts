import { DEFAULT_UPLOAD_LIMITS, resolveUploadLimits, type UploadLimits } from '../uploads/limits.js'

/**
 * What one form body may hold, past Fastify's `bodyLimit` (which bounds a urlencoded body
 * first; a multipart one streams past it): the uploads' limits, one set for both kinds of
 * form. A urlencoded body meets `fields` and `fieldSize`; a multipart one all six. Past one,
 * the request is answered 413 `{"detail": "..."}` naming the limit, as soon as the field that
 * passes it is read; nothing of the form reaches a handler.
 */
export type FormLimits = UploadLimits

export type FormLimitName = keyof FormLimits

/**
 * Starlette's defaults for a multipart form (1,000 fields, 1,000 files, 1 MiB per non-file
 * part), kept for urlencoded ones, which Starlette does not limit at all, and the uploads'
 * own (10 MiB per file, 1,000 parts, 16 KiB of part headers). With Fastify's default
 * `bodyLimit` of 1 MiB, a urlencoded form can meet only `fields` first.
 */
export const DEFAULT_FORM_LIMITS: FormLimits = DEFAULT_UPLOAD_LIMITS

/**
 * Checks `formLimits` given as an option (app-wide or on one route) and lays it over `base`.
 * `where` names the owner in errors: `Route POST /login/`, `fastify-fastapi/routing`.
 */
export function resolveFormLimits (where: string, options: unknown, base: FormLimits = DEFAULT_FORM_LIMITS): FormLimits {
  return resolveUploadLimits(where, options, base, 'formLimits')
}
