import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { compileFormPlan } from '../uploads/form-plan.js'
import type { FormUploads } from '../uploads/form-uploads.js'
import { readMultipart, type MultipartForm } from '../uploads/read-multipart.js'
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
  schema: z.core.$ZodObject
  limits: FormLimits
  /** The app's temp folder for files, and its startup check of `accept` lists. */
  uploads: FormUploads
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
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, the form input reads a body that is no object (none is read for a GET) as an empty form too; this keeps the type true
  if (typeof body === 'object' && body !== null) return body as FormValues
  return EMPTY_FORM
}

// The values a multipart form was read into: text fields, and the files of file fields.
function multipartValues (form: MultipartForm): FormValues {
  return form.values as FormValues
}

/**
 * Compiles, once per route, the one place where a request's form body becomes a record of
 * values, by content type: urlencoded fields parsed within `source.limits`; multipart read
 * by the uploads core (text fields, and files spooled to temp files, removed once the
 * response is over) by the plan compiled here from `source.schema`; any other type an empty
 * form, as FastAPI reads it.
 */
export function compileFormReader (source: FormSource): FormReader {
  const { limits, uploads } = source
  // The same limits for both kinds of form: already the route's over the app's.
  const plan = compileFormPlan(source.schema, { where: source.where, baseLimits: limits })
  uploads.track(plan)
  const area = uploads.area
  return function readForm (request, reply) {
    const type = mediaTypeOf(request.headers['content-type'])
    if (type === URLENCODED) return urlencodedValues(request.body, limits)
    if (type === MULTIPART) return readMultipart(request, reply, plan, area).then(multipartValues)
    return EMPTY_FORM
  }
}
