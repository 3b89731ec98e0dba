import { isUtf8 } from 'node:buffer'
import type { FastifyRequest } from 'fastify'
import secureJson from 'secure-json-parse'
import { BodyParseError } from '../errors/body-parse-error.js'
import { exceedsJsonNesting } from './json-nesting.js'
import { mayHoldNegativeZero, removeNegativeZeros } from './negative-zero.js'
import { routeDescriptionOf, type RouteInputsDescription } from './route-description.js'
import { findJsonDecodeError } from './json-decode-error.js'
import { item, messages, type ValidationErrorItem } from '../errors/validation-item.js'
import { HTTPException } from '../errors/http-exception.js'
import { RequestValidationError } from '../errors/validation-error.js'

export type Done = (error: Error | null, body?: unknown) => void
type PoisoningAction = 'error' | 'remove' | 'ignore'

/** FastAPI's answer to a body that is not JSON: `json_invalid` at `["body", position]`, as Python words it. */
export function jsonInvalidItem (text: string): ValidationErrorItem | undefined {
  const error = findJsonDecodeError(text)
  return error === undefined
    ? undefined
    : item('json_invalid', ['body', error.position], messages.json_invalid, {}, { error: error.message })
}

/** An empty body, which FastAPI reads as no body: `missing` at `["body"]` when the route needs one. */
export function parseEmptyBody (route: RouteInputsDescription | undefined, done: Done): void {
  if (route !== undefined && !route.bodyRequired) return done(null, undefined)
  done(new RequestValidationError([item('missing', ['body'], messages.missing, null)]))
}

/**
 * A JSON body parser that keeps Fastify's protection against prototype poisoning and
 * answers in FastAPI's terms: malformed JSON is a 422 `json_invalid`, an empty body is a
 * missing body (or no body at all, for a route whose body is optional).
 */
export function createJsonBodyParser (protoAction: PoisoningAction, constructorAction: PoisoningAction, nestingLimit: number) {
  const parseOptions = { protoAction, constructorAction }
  return function parseJsonBody (request: FastifyRequest, text: string, done: Done): void {
    if (text.length === 0) return parseEmptyBody(routeDescriptionOf(request), done)
    if (exceedsJsonNesting(text, nestingLimit)) {
      return done(new BodyParseError(`JSON nested deeper than the limit of ${nestingLimit} (the errors plugin's jsonNestingLimit)`))
    }
    let body: unknown
    try {
      body = secureJson.parse(text, parseOptions)
    } catch (error) {
      const invalid = jsonInvalidItem(text)
      if (invalid !== undefined) return done(new RequestValidationError([invalid], text))
      // Valid JSON that secure-json-parse refuses (prototype poisoning): Fastify's own answer, a 400.
      return done(new HTTPException(400, (error as Error).message))
    }
    done(null, mayHoldNegativeZero(text) ? removeNegativeZeros(body) : body)
  }
}

type TextParser = (request: FastifyRequest, text: string, done: Done) => void
type BytesParser = (request: FastifyRequest, body: Buffer, done: Done) => void

/**
 * A JSON parser that leaves the body of a form route unread: FastAPI reads such a route's
 * body as a form whatever its type, so JSON sent there is an empty form (every required
 * field `missing`), even malformed JSON, and parsing it would be wasted work.
 */
export function unlessFormRoute (parseJson: BytesParser): BytesParser {
  return function parseJsonUnlessForm (request, body, done) {
    if (routeDescriptionOf(request)?.readsForm === true) return done(null, undefined)
    parseJson(request, body, done)
  }
}

/**
 * A parser of the body's bytes that refuses invalid UTF-8 before `parseText` reads the text:
 * decoding would turn each bad byte into U+FFFD and accept data the client never meant.
 * Python's JSON decoder refuses such bytes, and FastAPI answers 400.
 */
export function refusingInvalidUtf8 (parseText: TextParser) {
  return function parseUtf8Body (request: FastifyRequest, body: Buffer, done: Done): void {
    if (!isUtf8(body)) return done(new BodyParseError('the body is not valid UTF-8'))
    parseText(request, body.toString('utf8'), done)
  }
}
