import { STATUS_CODES } from 'node:http'
import type { FastifyRequest } from 'fastify'
import { isHttpStatus } from '../shared/http-status.js'
import { ajvErrorsToItems, type AjvError } from './ajv-errors.js'
import { HTTPException } from './http-exception.js'
import { item, messages, type ValidationErrorItem } from './validation-item.js'
import { RequestValidationError } from './validation-error.js'
import { cutToLimit, validationErrorLimitOf } from './validation-limit.js'

/**
 * An error response before it is formatted: what every error of the app comes down to,
 * whichever format (FastAPI's `detail`, RFC 9457, a user's) writes it out.
 */
export interface ErrorResponse {
  status: number
  /** FastAPI's `detail`: a message or any JSON value; the items for a validation error. */
  detail: unknown
  /** The validation items, for a validation error. */
  errors?: ValidationErrorItem[]
  headers?: Record<string, string>
}

export function statusText (status: number): string {
  return STATUS_CODES[status] ?? 'Error'
}

/** The statuses whose errors are the client's: their message is safe to send. */
export function isClientStatus (status: unknown): status is number {
  return isHttpStatus(status, 400, 499)
}

/** Whether an error was made to be answered to the client: Fastify's coded errors, http-errors' exposed ones. */
export function isMeantForClients (error: { code?: unknown, expose?: unknown }): boolean {
  return (typeof error.code === 'string' && error.code.startsWith('FST_')) || error.expose === true
}

/** The HTTP error status an error carries (`statusCode`, as Fastify and http-errors set it, or `status`). */
export function statusOf (error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { statusCode, status } = error as { statusCode?: unknown, status?: unknown }
  const value = statusCode ?? status
  return isHttpStatus(value, 400) ? value : undefined
}

export function validationResponse (errors: ValidationErrorItem[], status: number): ErrorResponse {
  return { status, detail: errors, errors }
}

export function httpExceptionResponse (error: HTTPException): ErrorResponse {
  return error.headers === undefined
    ? { status: error.status, detail: error.detail }
    : { status: error.status, detail: error.detail, headers: error.headers }
}

// Fastify's own body errors, answered as FastAPI answers the same requests.
const FASTIFY_BODY_ERRORS: Record<string, () => ValidationErrorItem> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: () => item('missing', ['body'], messages.missing, null),
  FST_ERR_CTP_INVALID_JSON_BODY: () => item('json_invalid', ['body', 0], messages.json_invalid, {}, { error: 'Expecting value' }),
}

/**
 * What any thrown value answers. A client error keeps its status and message; anything
 * else is a 500 whose body says nothing of the error (it is logged instead).
 */
export function toErrorResponse (error: unknown, request: FastifyRequest, validationStatus: number): ErrorResponse {
  if (error instanceof HTTPException) return httpExceptionResponse(error)
  if (error instanceof RequestValidationError) return validationResponse(error.errors, validationStatus)
  if (typeof error === 'object' && error !== null) {
    const { validation, validationContext, code, headers } = error as {
      validation?: AjvError[], validationContext?: string, code?: string, headers?: Record<string, string>
    }
    if (Array.isArray(validation)) {
      // Ajv with allErrors, or fastify-type-provider-zod, may report every item of a huge body.
      const limit = validationErrorLimitOf(request)
      return validationResponse(cutToLimit(ajvErrorsToItems(validation.slice(0, limit + 1), validationContext, request), limit), validationStatus)
    }
    const bodyError = code === undefined ? undefined : FASTIFY_BODY_ERRORS[code]
    if (bodyError !== undefined) return validationResponse([bodyError()], validationStatus)
    // Only errors meant for the client keep their status and message: Fastify's own (and its
    // plugins', coded FST_*) and http-errors' (`expose`, as @fastify/sensible throws them).
    // Anything else is unhandled, a 500 as in FastAPI: an HTTP client library's 404 error
    // must not tell the client an internal URL, nor pass on the upstream's headers.
    const status = statusOf(error)
    if (status !== undefined && isMeantForClients(error as { code?: unknown, expose?: unknown })) {
      if (!isClientStatus(status)) return { status, detail: statusText(status) }
      const message = (error as { message?: unknown }).message
      const detail = typeof message === 'string' && message !== '' ? message : statusText(status)
      const exposed = (error as { expose?: unknown }).expose === true
      return headers === undefined || !exposed ? { status, detail } : { status, detail, headers }
    }
  }
  return { status: 500, detail: statusText(500) }
}
