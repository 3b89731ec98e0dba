import { validateHeaderName, validateHeaderValue } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { JSON_CONTENT_TYPE } from '../shared/constants.js'
import { statusText, type ErrorResponse } from './error-response.js'

/** An error response as a format writes it. */
export interface FormattedError {
  body: unknown
  /** Defaults to `application/json`. */
  contentType?: string
}

/** A user's own error format: gets every error response of the app. */
export type ErrorFormatter = (error: ErrorResponse, request: FastifyRequest) => FormattedError

/**
 * How every error of the app is written: FastAPI's `{"detail": ...}` (the default),
 * RFC 9457 problem details (`application/problem+json`), or a function of yours.
 */
export type ErrorFormat = 'fastapi' | 'problem' | ErrorFormatter

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8'

/** FastAPI's shape: `{"detail": "Not Found"}`, `{"detail": [items]}`. */
export const fastapiFormat: ErrorFormatter = (error) => ({ body: { detail: error.detail } })

/**
 * RFC 9457: `type`, `title`, `status`, `detail` (a string), `instance`; validation items
 * under the extension member `errors`, a non-string detail under `details`.
 */
export const problemFormat: ErrorFormatter = (error, request) => {
  const body: Record<string, unknown> = { type: 'about:blank', title: statusText(error.status), status: error.status }
  if (error.errors !== undefined) {
    body.detail = 'Request validation failed'
    body.errors = error.errors
  } else if (typeof error.detail === 'string') {
    body.detail = error.detail
  } else if (error.detail !== undefined && error.detail !== null) {
    body.details = error.detail
  }
  if (request.url !== '') body.instance = request.url
  return { body, contentType: PROBLEM_TYPE }
}

export function resolveFormatter (format: ErrorFormat): ErrorFormatter {
  if (format === 'fastapi') return fastapiFormat
  if (format === 'problem') return problemFormat
  return format
}

/** Writes an error response in a format and sends it. */
export function sendErrorResponse (reply: FastifyReply, error: ErrorResponse, formatter: ErrorFormatter): FastifyReply {
  const { body, contentType } = formatter(error, reply.request)
  reply.code(error.status)
  if (error.headers !== undefined) setSendableHeaders(reply, error.headers)
  return reply.header('content-type', contentType ?? JSON_CONTENT_TYPE).send(JSON.stringify(body))
}

/**
 * Sets the headers Node will send and drops the others, naming each in the log. Node refuses
 * a name or value with CR, LF, NUL or a character past Latin-1 when the response is written,
 * and the error answer became Fastify's 500 with Node's message in it. A header built from
 * client input (a CRLF to split the response) is a bug to fix, not a reason to lose the answer.
 */
function setSendableHeaders (reply: FastifyReply, headers: Record<string, string>): void {
  for (const name of Object.keys(headers)) {
    const value = headers[name] as string
    try {
      validateHeaderName(name)
      validateHeaderValue(name, value)
    } catch (refusal) {
      // The name only: the value may be the attacker's text.
      reply.log.error({ header: name, code: (refusal as { code?: unknown }).code }, `The error response's header ${JSON.stringify(name)} was not sent: Node refuses its name or value (CR, LF, NUL, or a character outside Latin-1)`)
      continue
    }
    reply.header(name, value)
  }
}
