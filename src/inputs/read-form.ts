import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { HTTPException } from '../errors/http-exception.js'
import { MULTIPART, URLENCODED } from './form-declaration.js'
import type { FormLimits } from './form-limits.js'
import { parseUrlEncoded, type FormValues } from './urlencoded.js'

/**
 * Reads the form of one request into its values, once, before the dependencies and the
 * handler validate their form fields from it (FastAPI's `await request.form()` in its request
 * handler). Sync for a urlencoded body; a multipart one streams, so it may be a promise.
 */
export type FormReader = (request: FastifyRequest, reply: FastifyReply) => FormValues | Promise<FormValues>

/** What a route's form reader is compiled from: every form field its declarations read, and its limits. */
export interface FormSource {
  /** The route, for messages: `Route POST /login/`. */
  where: string
  /** Every field of the route's form and its dependencies' (`mergedForm`). */
  schema: z.ZodObject
  limits: FormLimits
}

// FastAPI reads a body of any other type (JSON, text, none) as an empty form: every required
// field is `missing`. Frozen and shared: no prototype, nothing in it.
const EMPTY_FORM: FormValues = Object.freeze(Object.create(null) as FormValues)

// The media type alone, lower case: `Multipart/Form-Data; boundary=x` is multipart/form-data.
function mediaTypeOf (contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined
  const semicolon = contentType.indexOf(';')
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
}

// The body Fastify's parsers left: the text for a FastAPI-style route (the errors plugin reads
// any non-JSON body as text), or the fields already parsed by a parser the app registered
// (@fastify/formbody on a plain Fastify route).
function urlencodedValues (body: unknown, limits: FormLimits): FormValues {
  if (typeof body === 'string') return parseUrlEncoded(body, limits)
  if (Buffer.isBuffer(body)) return parseUrlEncoded(body.toString('utf8'), limits)
  if (typeof body === 'object' && body !== null) return body as FormValues
  return EMPTY_FORM
}

/**
 * Until multipart forms are wired to the uploads core: a multipart body sent to a form route
 * is refused in the error format rather than read as an empty form.
 */
function unsupportedMultipart (): never {
  throw new HTTPException(415, `Unsupported Media Type: ${MULTIPART} is not read on this route yet; send the form as ${URLENCODED}`)
}

/**
 * Compiles, once per route, the one place where a request's form body becomes a record of
 * values, by content type: urlencoded fields parsed within `source.limits`; multipart (later:
 * text fields and files, over the uploads core, from `source.schema`); any other type an
 * empty form, as FastAPI reads it.
 */
export function compileFormReader (source: FormSource): FormReader {
  const { limits } = source
  return function readForm (request) {
    const type = mediaTypeOf(request.headers['content-type'])
    if (type === URLENCODED) return urlencodedValues(request.body, limits)
    if (type === MULTIPART) return unsupportedMultipart()
    return EMPTY_FORM
  }
}
