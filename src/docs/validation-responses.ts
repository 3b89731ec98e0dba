import type * as OpenAPI from '../shared/openapi-types.js'
import { fastapiFormat, problemFormat, type ErrorFormatter } from '../errors/error-format.js'
import type { JsonSchema } from '../shared/openapi-types.js'
import type { SchemaComponents } from './schema-components.js'

// FastAPI's own components, as current FastAPI (pydantic 2) writes them.
const VALIDATION_ERROR: JsonSchema = {
  properties: {
    loc: { items: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, type: 'array', title: 'Location' },
    msg: { type: 'string', title: 'Message' },
    type: { type: 'string', title: 'Error Type' },
    input: { title: 'Input' },
    ctx: { type: 'object', title: 'Context' },
  },
  type: 'object',
  required: ['loc', 'msg', 'type'],
  title: 'ValidationError',
}

const HTTP_VALIDATION_ERROR: JsonSchema = {
  properties: { detail: { items: { $ref: '#/components/schemas/ValidationError' }, type: 'array', title: 'Detail' } },
  type: 'object',
  title: 'HTTPValidationError',
}

// RFC 9457 problem details, with the validation items under `errors` (see problemFormat).
const VALIDATION_PROBLEM: JsonSchema = {
  properties: {
    type: { type: 'string', title: 'Type' },
    title: { type: 'string', title: 'Title' },
    status: { type: 'integer', title: 'Status' },
    detail: { type: 'string', title: 'Detail' },
    instance: { type: 'string', title: 'Instance' },
    errors: { items: { $ref: '#/components/schemas/ValidationError' }, type: 'array', title: 'Errors' },
  },
  type: 'object',
  required: ['type', 'title', 'status'],
  title: 'ValidationProblem',
}

/** How the app answers a request that fails validation: its status and its documented response. */
export interface ValidationResponse {
  status: string
  /** Adds what the response refers to, once, and returns it. */
  response: (components: SchemaComponents) => OpenAPI.ResponseObject
}

/**
 * The documented validation error for the app's error format and status: FastAPI's
 * `HTTPValidationError` by default, problem details for `format: 'problem'`, and an
 * undescribed JSON body for a format of the user's own (its shape is theirs to document).
 */
export function validationResponse (formatter: ErrorFormatter, status: number): ValidationResponse {
  const response = (components: SchemaComponents): OpenAPI.ResponseObject => {
    if (formatter === fastapiFormat) {
      components.addFixed('ValidationError', VALIDATION_ERROR)
      return { description: 'Validation Error', content: { 'application/json': { schema: components.addFixed('HTTPValidationError', HTTP_VALIDATION_ERROR) } } }
    }
    if (formatter === problemFormat) {
      components.addFixed('ValidationError', VALIDATION_ERROR)
      return { description: 'Validation Error', content: { 'application/problem+json': { schema: components.addFixed('ValidationProblem', VALIDATION_PROBLEM) } } }
    }
    return { description: 'Validation Error', content: { 'application/json': { schema: {} } } }
  }
  return { status: String(status), response }
}
