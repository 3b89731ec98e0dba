import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import { JSON_CONTENT_TYPE } from '../call-context.js'
import { ResponseValidationError } from '../errors/validation-error.js'
import { BODYLESS_STATUSES } from '../http-status.js'
import { zodIssuesToItems } from '../errors/zod-issues.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { isZodSchema } from './json-schema.js'
import type { ResponseModels } from './types.js'

/** Sends a handler's return value; returns the reply, as a Fastify handler may. */
export type ResponseSender = (result: unknown, reply: FastifyReply) => FastifyReply



// A Buffer, a stream or a typed array is a response of its own (FastAPI's `Response`):
// it is sent as it is, past the response model.
function isRawPayload (value: unknown): boolean {
  return typeof value === 'object' && value !== null &&
    (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function')
}

function validate (model: z.ZodType, value: unknown, route: string): unknown {
  const result = model.safeParse(value)
  if (result.success) return result.data
  const errors: ValidationErrorItem[] = []
  zodIssuesToItems(result.error.issues, ['response'], value, 'parent', errors)
  throw new ResponseValidationError(errors, route)
}

/**
 * Compiles how a route answers: the returned value goes through the response model for
 * the status (zod strips keys the model does not declare, at any depth, so a password or an
 * internal id never leaves), then out as JSON, as FastAPI encodes every return value.
 */
export function compileResponse (response: ResponseModels | undefined, route: string): ResponseSender {
  const single = isZodSchema(response) ? response : undefined
  const byStatus = response !== undefined && single === undefined
    ? new Map(Object.entries(response).map(([status, model]) => [Number(status), model as z.ZodType]))
    : undefined

  return function sendResult (result, reply) {
    if (result === reply || reply.sent) return reply
    if (isRawPayload(result)) return reply.send(result)
    const status = reply.statusCode
    if (BODYLESS_STATUSES.has(status)) return reply.send()
    const model = single ?? byStatus?.get(status)
    const payload = model === undefined ? result : validate(model, result, route)
    // JSON.stringify(undefined) is undefined: a handler that returns nothing answers `null`, as FastAPI does.
    return reply.header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(payload) ?? 'null')
  }
}
