import type { z } from 'zod'
import type { AjvError } from './ajv-errors.js'

// fastify-type-provider-zod marks each validation error it makes with this global symbol,
// and keeps the zod issue in it: `keyword` is its code, `params` its other fields, and
// `instancePath` its path joined with '/'.
const kTypeProviderZod = Symbol.for('ZodFastifySchemaValidationError')

/** Whether a Fastify validation error came from fastify-type-provider-zod's validator. */
export function isTypeProviderZodError (error: AjvError): boolean {
  return (error as unknown as Record<symbol, unknown>)[kTypeProviderZod] === true
}

/**
 * The zod issue behind one of fastify-type-provider-zod's errors, for the same items as a
 * zod route's. Its path comes back from `instancePath` ("/" for the whole input), with
 * array indexes as numbers: the issue's own path is not kept.
 */
export function zodIssueOf (error: AjvError): z.core.$ZodIssue {
  const path = error.instancePath.split('/').slice(1).filter((part) => part !== '').map((part) => (/^\d+$/.test(part) ? Number(part) : part))
  return { ...error.params, code: error.keyword, path, message: error.message ?? error.keyword } as z.core.$ZodIssue
}
