import type { FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { isZodSchema } from '../shared/is-zod-schema.js'
import { finalizeIssues, runSchema } from './zod-parse.js'
import type { AjvError } from './ajv-errors.js'
import { validationErrorLimitOf } from './validation-limit.js'
import type { ValidationErrorItem, ValidationLocation } from './validation-item.js'
import { zodIssuesToItems } from './zod-issues.js'

// fastify-type-provider-zod marks each validation error it makes with this global symbol,
// and keeps the zod issue in it: `keyword` is its code, `params` its other fields, and
// `instancePath` its path joined with '/'.
const kTypeProviderZod = Symbol.for('ZodFastifySchemaValidationError')

/** Whether a Fastify validation error came from fastify-type-provider-zod's validator. */
export function isTypeProviderZodError (error: AjvError): boolean {
  return (error as unknown as Record<symbol, unknown>)[kTypeProviderZod] === true
}

/**
 * The items of a fastify-type-provider-zod route's failed part (`body`, `querystring` ...),
 * as a zod route's: the route's zod schema is run again on the value as sent, since the
 * errors it made keep neither the issue's path (`{"a/b": 1}` and `{"7": 1}` are lost in
 * `instancePath`) nor the schema (an int reads as "expected number"). Only a request that
 * already failed pays for it. `undefined` when the schema is not zod's.
 */
export function typeProviderZodItems (request: FastifyRequest, context: string, location: ValidationLocation, data: unknown): ValidationErrorItem[] | undefined {
  const schema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[context]
  if (!isZodSchema(schema)) return undefined
  const result = runSchema(schema, data)
  if (result.success) return undefined
  const limit = validationErrorLimitOf(request)
  const items: ValidationErrorItem[] = []
  // As on a zod route: FastAPI reports the whole body as a missing field's input, null for a param.
  zodIssuesToItems(finalizeIssues(result.issues, limit), [location], data, location === 'body' ? 'parent' : 'null', items, limit)
  return items
}

/**
 * The zod issue behind one of fastify-type-provider-zod's errors, when its schema is not at
 * hand. Its path comes back from `instancePath` ("/" for the whole input), with array
 * indexes as numbers.
 */
export function zodIssueOf (error: AjvError): z.core.$ZodIssue {
  const path = error.instancePath.split('/').slice(1).filter((part) => part !== '').map((part) => (/^\d+$/.test(part) ? Number(part) : part))
  return { ...error.params, code: error.keyword, path, message: error.message ?? error.keyword } as z.core.$ZodIssue
}
