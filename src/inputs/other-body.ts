import { errorCodes, type FastifyRequest } from 'fastify'
import { routeDescriptionOf } from './route-description.js'
import { parseEmptyBody, type Done } from './json-body.js'

type BytesParser = (request: FastifyRequest, body: Buffer, done: Done) => void

/**
 * What a FastAPI-style route reads from a body that is not JSON (FastAPI 0.132+'s strict
 * content type): form data, `text/plain`, XML, or a body sent without a `Content-Type`. As
 * FastAPI does, its raw text is validated as the body, so that a JSON route answers 422 in
 * pydantic's terms (`model_attributes_type` at `["body"]`, the text as the input) rather
 * than 415; a route that declares no body ignores it. With `strictContentType: false`, a
 * body without a `Content-Type` is read as JSON. Plain Fastify routes keep Fastify's answer
 * for `fallback`: `'text'` for `text/plain` (the string), `'unsupported'` for the rest (415).
 */
export function createOtherBodyParser (parseJsonBytes: BytesParser, fallback: 'text' | 'unsupported'): BytesParser {
  // Read as bytes, so that a body read as JSON goes through the same UTF-8 check as JSON's own.
  return function parseOtherBody (request, body, done) {
    const route = routeDescriptionOf(request)
    if (route === undefined) {
      return fallback === 'text' ? done(null, body.toString('utf8')) : done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE())
    }
    if (body.length === 0) return parseEmptyBody(route, done)
    if (!route.strictContentType && request.headers['content-type'] === undefined) return parseJsonBytes(request, body, done)
    done(null, body.toString('utf8'))
  }
}
