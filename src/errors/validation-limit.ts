import type { FastifyInstance, FastifyRequest } from 'fastify'
import { kErrorsState } from '../shared/symbols.js'
import { item, type ValidationErrorItem } from './validation-item.js'

/**
 * Items in one validation error answer. A 1 MB body of invalid list items is 260,000 errors:
 * reading, converting and writing them all held the event loop for seconds and answered 37 MB.
 */
export const DEFAULT_VALIDATION_ERROR_LIMIT = 1000

/** The limit of an app (the errors plugin's `validationErrorLimit`), read at registration. */
export function validationErrorLimitAt (app: FastifyInstance): number {
  const state = (app as unknown as Record<symbol, { validationErrorLimit?: number } | undefined>)[kErrorsState]
  return state?.validationErrorLimit ?? DEFAULT_VALIDATION_ERROR_LIMIT
}

/** The limit of the app a request came to; read only once a request has failed. */
export function validationErrorLimitOf (request: FastifyRequest): number {
  return validationErrorLimitAt(request.server)
}

/**
 * The first `limit` items, and a last one saying that more were cut. pydantic has no such
 * item: its type, `too_many_errors`, is ours, in pydantic's shape so clients read it as they read the others.
 */
export function cutToLimit (errors: ValidationErrorItem[], limit: number): ValidationErrorItem[] {
  if (errors.length <= limit) return errors
  const kept = errors.slice(0, limit)
  kept.push(item('too_many_errors', [], `Too many errors: the first ${limit} are listed, the others were cut`, null, { limit }))
  return kept
}
