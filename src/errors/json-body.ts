import type { FastifyRequest } from 'fastify'
import secureJson from 'secure-json-parse'
import { routeDescriptionOf } from '../routing/compile-route.js'
import { item, messages, type ValidationErrorItem } from './validation-item.js'
import { RequestValidationError } from './validation-error.js'

type Done = (error: Error | null, body?: unknown) => void
type PoisoningAction = 'error' | 'remove' | 'ignore'

// Node's JSON.parse messages, as Python's json module words them (FastAPI's ctx.error).
const PYTHON_MESSAGES: Array<[RegExp, string]> = [
  [/Unexpected end of JSON input/, 'Expecting value'],
  [/Expected property name|Unexpected token .* in JSON at position \d+.*property name/, 'Expecting property name enclosed in double quotes'],
  [/Expected ',' or '}'/, "Expecting ',' delimiter"],
  [/Expected ',' or ']'/, "Expecting ',' delimiter"],
  [/Unexpected non-whitespace character after JSON/, 'Extra data'],
]

/** FastAPI's answer to a body that is not JSON: `json_invalid` at `["body", position]`. */
export function jsonInvalidItem (error: Error, text: string): ValidationErrorItem {
  const position = /position (\d+)/.exec(error.message)
  const at = position ? Number(position[1]) : (error.message.includes('end of JSON') ? text.length : 0)
  const pythonMessage = PYTHON_MESSAGES.find(([pattern]) => pattern.test(error.message))?.[1] ?? 'Expecting value'
  return item('json_invalid', ['body', at], messages.json_invalid, {}, { error: pythonMessage })
}

/**
 * A JSON body parser that keeps Fastify's protection against prototype poisoning and
 * answers in FastAPI's terms: malformed JSON is a 422 `json_invalid`, an empty body is a
 * missing body (or no body at all, for a route whose body is optional).
 */
export function createJsonBodyParser (protoAction: PoisoningAction, constructorAction: PoisoningAction) {
  const parseOptions = { protoAction, constructorAction }
  return function parseJsonBody (request: FastifyRequest, text: string, done: Done): void {
    if (text.length === 0) {
      const route = routeDescriptionOf(request)
      if (route !== undefined && !route.bodyRequired) return done(null, undefined)
      return done(new RequestValidationError([item('missing', ['body'], messages.missing, null)]))
    }
    let body: unknown
    try {
      body = secureJson.parse(text, parseOptions)
    } catch (error) {
      return done(new RequestValidationError([jsonInvalidItem(error as Error, text)], text))
    }
    done(null, body)
  }
}
