import { parseCookie } from 'cookie'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { RequestValidationError } from '../errors/validation-error.js'
import { cutToLimit, validationErrorLimitOf } from '../errors/validation-limit.js'
import { locKey, zodIssuesToItems, type MissingInput } from '../errors/zod-issues.js'
import { item, messages, type Loc, type ValidationErrorItem, type ValidationLocation } from '../errors/validation-item.js'
import { compileCoercer, isListSchema, type Coercer } from './coerce.js'
import type { JsonSchema } from '../shared/openapi-types.js'
import { EMPTY } from '../shared/constants.js'
import { isBodyFields, isRequired, type BodyFields } from './body-declaration.js'
import { propertiesOf, toJsonSchema } from './json-schema.js'
import { paramModelOf } from './param-model.js'
import { isFormModel } from './form-declaration.js'
import { finalizeIssues, runSchema } from '../errors/zod-parse.js'
import type { DeclaredInputs } from './declared-inputs.js'
import { compileExactInput, REFUSED, type ExactInput } from './exact-input.js'

type ObjectLocation = Exclude<ValidationLocation, 'body'>
/** Where an object of named values is read from: the params of a location, or the fields of a form. */
type ObjectKind = ObjectLocation | 'form'

interface Field {
  /** The key in the schema and in the handler's object. */
  key: string
  /** The name in the request: the header `x-token` for the key `x_token`, or an alias. */
  name: string
  list: boolean
  coerce: Coercer | null
  loc: Loc
  /** For a params model's error `input`: the value FastAPI puts in for a field not sent, `undefined` for a required one. */
  absent: unknown
}

interface ObjectInput {
  location: ObjectKind
  /** FastAPI's first element of `loc`: the location, or `body` for a form. */
  prefix: Loc
  schema: z.core.$ZodObject
  fields: Field[]
  /** Headers declared as lists read every occurrence (Node joins repeated headers with ", "). */
  distinct: boolean
  /**
   * A strict model (`z.strictObject`, pydantic's `extra="forbid"`) sees every key sent, so
   * that an unknown one is an `extra_forbidden` error; only for query and cookies, since every
   * request carries headers nobody declares.
   */
  forbidExtra: boolean
  /** The request names of the fields, for `forbidExtra`. */
  names: ReadonlySet<string>
  /** Whether some field's loc differs from its key (a header, an alias): issues are renamed. */
  renamed: boolean
  /**
   * A params model (`Query(Model)`, `Header(Model)`) or a form model (`Form(Model)`): FastAPI
   * validates one dict of every value received, so a missing field's `input` is that dict,
   * with the defaults of the fields not sent (but None) and the params nobody declared as they came.
   */
  model: boolean
  /**
   * A form field sent empty (`name=`, a blank HTML input) counts as not sent, and so does a
   * list field with no value, as FastAPI 0.123+ reads a form: `missing` when required, else
   * the default. Inside a list an empty value stays (`tags=` is `[""]`), as there.
   */
  emptyIsMissing: boolean
  /** The compiled check and copy of the coerced values (for a model JSON Schema states exactly); zod judges what it refuses. */
  exact: ExactInput
}

interface BodyInput {
  schema: z.core.$ZodType
  coerce: Coercer | null
  loc: Loc
  /** The compiled check and copy of the coerced body (for a model JSON Schema states exactly); zod judges what it refuses. */
  exact: ExactInput
}

/** One of several body params: read from the JSON object by its name. */
interface BodyField extends BodyInput {
  name: string
  required: boolean
}

/** The validated inputs of one request. */
export interface RouteInputs {
  params: unknown
  query: unknown
  headers: unknown
  cookies: unknown
  body: unknown
  form: unknown
}


// The name a field is read by: FastAPI's Header() turns underscores into hyphens (unless a
// header model says `convertUnderscores: false`); an alias is used as it is written.
export function requestName (location: ObjectKind, key: string, schema: z.core.$ZodType, convertUnderscores = true): string {
  const alias = aliasOf(schema)
  if (alias !== undefined) return alias
  return location === 'header' && convertUnderscores ? key.replaceAll('_', '-') : key
}

/** The name pydantic knows a model's field by (its alias, else its key): a params model's loc and title. */
export function modelFieldName (key: string, schema: z.core.$ZodType): string {
  return aliasOf(schema) ?? key
}

function aliasOf (schema: z.core.$ZodType): string | undefined {
  const alias = z.globalRegistry.get(schema)?.alias
  return typeof alias === 'string' ? alias : undefined
}

// Node's IncomingMessage keeps each occurrence of a header in `headersDistinct`; an injected
// request (light-my-request, what tests use) has only `rawHeaders`, so read those instead.
function headersDistinct (raw: FastifyRequest['raw']): Record<string, string[] | undefined> {
  if (raw.headersDistinct !== undefined) return raw.headersDistinct
  // No prototype: a header named "constructor" or "__proto__" is just a header.
  const distinct: Record<string, string[]> = Object.create(null) as Record<string, string[]>
  const rawHeaders = raw.rawHeaders
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase()
    ;(distinct[name] ??= []).push(rawHeaders[index + 1] as string)
  }
  return distinct
}

function compileObjectInput (location: ObjectKind, schema: z.core.$ZodObject, wildcard?: string): ObjectInput {
  const jsonSchema = toJsonSchema(schema, 'input')
  const properties = propertiesOf(jsonSchema)
  const prefix: Loc = [location === 'form' ? 'body' : location]
  const model = location === 'path' ? undefined : location === 'form' ? (isFormModel(schema) ? FORM_MODEL : undefined) : paramModelOf(schema)
  const fields: Field[] = []
  const names = new Set<string>()
  for (const [key, fieldSchema] of Object.entries(schema._zod.def.shape)) {
    const wild = key === wildcard
    const declared = wild ? key : requestName(location, key, fieldSchema, model?.convertUnderscores)
    // HTTP header names are case-insensitive; Node gives them in lower case.
    const name = wild ? '*' : location === 'header' ? declared.toLowerCase() : declared
    const property: JsonSchema = properties[key] ?? {}
    const modelName = modelFieldName(key, fieldSchema)
    fields.push({
      key,
      name,
      list: isListSchema(property, jsonSchema),
      coerce: compileCoercer(property, jsonSchema),
      // FastAPI locates a model's errors by the field's name, a single param's by the name sent.
      loc: [...prefix, model === undefined ? declared : modelName],
      absent: model === undefined ? undefined : absentValue(fieldSchema),
    })
    names.add(name)
    // FastAPI counts a model's field sent by its own name (`save_data`) as no extra header either.
    if (model !== undefined) names.add(location === 'header' ? modelName.toLowerCase() : modelName)
  }
  const strict = schema._zod.def.catchall?._zod.def.type === 'never'
  return {
    location,
    prefix,
    schema,
    fields,
    distinct: location === 'header' && fields.some((field) => field.list),
    // Every request carries headers nobody declares: only a header model refuses them, as FastAPI's does.
    forbidExtra: strict && (location === 'query' || location === 'cookie' || location === 'form' || (location === 'header' && model !== undefined)),
    names,
    renamed: fields.some((field) => field.loc[1] !== field.key),
    model: model !== undefined,
    emptyIsMissing: location === 'form',
    exact: compileExactInput(schema),
  }
}

// A form model reads its fields by their own names: nothing to convert.
const FORM_MODEL = { convertUnderscores: false }

// FastAPI fills a field not sent with its default before the model sees it, unless that
// default is None: `x_tag: list[str] = []` is there as `[]`, `traceparent: str | None = None` is not.
function absentValue (schema: z.core.$ZodType): unknown {
  const result = z.safeParse(schema, undefined)
  return result.success && result.data !== null ? result.data : undefined
}

function sourceOf (input: ObjectInput, request: FastifyRequest): Record<string, unknown> {
  switch (input.location) {
    case 'path': return request.params as Record<string, unknown>
    case 'query': return request.query as Record<string, unknown>
    case 'header': return request.headers
    case 'cookie': {
      const header = request.headers.cookie
      return header === undefined ? EMPTY : parseCookie(header)
    }
    // The form's values, which the route's form reader put in place of the body it read.
    case 'form': {
      const body = request.body
      return typeof body === 'object' && body !== null && !Array.isArray(body) ? body as Record<string, unknown> : EMPTY
    }
  }
}

// Collects the declared values: the last one of a repeated key for a single value, every one
// for a list. With `errors`, values are coerced and keyed as the schema names them; without,
// they are keyed as FastAPI's loc names them and left as sent, to report each error's `input`.
function collect (input: ObjectInput, request: FastifyRequest, source: Record<string, unknown>, errors: ValidationErrorItem[] | null): Record<string, unknown> {
  // No prototype: a client's key "__proto__" is a key like any other (zod reports it as extra).
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  const distinct = input.distinct ? headersDistinct(request.raw) : undefined
  for (const field of input.fields) {
    let value = field.list && distinct !== undefined ? distinct[field.name] : source[field.name]
    if (value === undefined) {
      if (errors === null && field.absent !== undefined) values[field.loc[1] as string] = field.absent
      continue
    }
    if (field.list) {
      if (!Array.isArray(value)) value = [value]
    } else if (Array.isArray(value)) {
      value = value[value.length - 1]
    }
    if (input.emptyIsMissing && (value === '' || (field.list && (value as unknown[]).length === 0))) {
      if (errors === null && field.absent !== undefined) values[field.loc[1] as string] = field.absent
      continue
    }
    if (errors === null) values[field.loc[1] as string] = value
    else values[field.key] = field.coerce === null ? value : field.coerce(value, field.loc, errors)
  }
  if (input.forbidExtra || (errors === null && input.model)) {
    for (const name of Object.keys(source)) {
      if (!input.names.has(name)) values[name] = source[name]
    }
  }
  return values
}

function validateObject (input: ObjectInput, request: FastifyRequest, errors: ValidationErrorItem[]): unknown {
  const source = sourceOf(input, request)
  const coercionErrors = errors.length
  const values = collect(input, request, source, errors)
  if (errors.length === coercionErrors) {
    const parsed = input.exact(values)
    if (parsed !== REFUSED) return parsed
  }
  const result = runSchema(input.schema, values)
  if (result.success) return result.data
  const limit = validationErrorLimitOf(request)
  const issues = finalizeIssues(result.issues, limit)
  const raw = collect(input, request, source, null)
  // Issues are located by schema key; FastAPI's loc names the header or alias as sent.
  const named = input.renamed ? issues.map((issue) => renameIssue(issue, input)) : issues
  reportIssues(named, input.prefix, raw, input.model ? 'parent' : 'null', errors, coercionErrors, limit)
  return undefined
}

function renameIssue (issue: z.core.$ZodIssue, input: ObjectInput): z.core.$ZodIssue {
  const field = input.fields.find((candidate) => candidate.key === issue.path[0])
  if (field === undefined || field.loc[1] === field.key) return issue
  return { ...issue, path: [field.loc[1] as string, ...issue.path.slice(1)] }
}

// Appends zod's issues as FastAPI's items. The coercion errors of the same input (from
// `coercionStart` on) were reported first, but pydantic lists errors in field order: zod
// always complains where coercion failed (it sees the value as sent), so each coercion
// error takes the place of zod's first item at its loc, and zod's others there are dropped.
function reportIssues (
  issues: ReadonlyArray<z.core.$ZodIssue>,
  prefix: Loc,
  raw: unknown,
  missingInput: MissingInput,
  errors: ValidationErrorItem[],
  coercionStart: number,
  limit: number,
): void {
  if (errors.length === coercionStart) return zodIssuesToItems(issues, prefix, raw, missingInput, errors, limit)
  const coercion = new Map<string, ValidationErrorItem | null>()
  // Both lists follow the document, so the coercion errors past the limit fall past it too.
  for (const error of errors.splice(coercionStart).slice(0, limit + 1)) coercion.set(locKey(error.loc), error)
  const items: ValidationErrorItem[] = []
  zodIssuesToItems(issues, prefix, raw, missingInput, items, limit)
  for (const item of items) {
    const key = locKey(item.loc)
    const replacement = coercion.get(key)
    if (replacement === undefined) errors.push(item)
    else if (replacement !== null) {
      errors.push(replacement)
      coercion.set(key, null)
    }
  }
  for (const error of coercion.values()) if (error !== null) errors.push(error)
}

function validateBody (input: BodyInput, body: unknown, request: FastifyRequest, errors: ValidationErrorItem[]): unknown {
  const coercionErrors = errors.length
  const value = input.coerce === null ? body : input.coerce(body, input.loc, errors)
  if (errors.length === coercionErrors) {
    const parsed = input.exact(value)
    if (parsed !== REFUSED) return parsed
  }
  // Already past the limit: zod would only find more errors to cut, at microseconds each.
  if (errors.length > coercionErrors && errors.length - coercionErrors > validationErrorLimitOf(request)) return undefined
  const result = runSchema(input.schema, value)
  if (result.success) return result.data
  const limit = validationErrorLimitOf(request)
  reportIssues(finalizeIssues(result.issues, limit), input.loc, body, 'parent', errors, coercionErrors, limit)
  return undefined
}

function compileBody (schema: z.core.$ZodType, loc: Loc, errorLimit: number): BodyInput {
  return { schema, coerce: compileCoercer(toJsonSchema(schema, 'input'), undefined, errorLimit), loc, exact: compileExactInput(schema) }
}

function compileBodyFields (fields: BodyFields, errorLimit: number): BodyField[] {
  return Object.entries(fields).map(([name, schema]) => ({ ...compileBody(schema, ['body', name], errorLimit), name, required: isRequired(schema) }))
}

// FastAPI's embedded body: each param is read from the JSON object by its name. A missing
// or null one is `missing` (with no input) when it is required, its default otherwise; a
// body that is no object (a list, a string) has none of them, required or not.
function validateBodyFields (fields: BodyField[], request: FastifyRequest, errors: ValidationErrorItem[]): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  const body = request.body
  const object = body === undefined || body === null ? EMPTY : body
  const readable = typeof object === 'object' && !Array.isArray(object)
  for (const field of fields) {
    const value = readable && Object.hasOwn(object, field.name) ? (object as Record<string, unknown>)[field.name] : undefined
    if (!readable || ((value === undefined || value === null) && field.required)) {
      errors.push(item('missing', field.loc, messages.missing, null))
      continue
    }
    const result = validateBody(field, value ?? undefined, request, errors)
    if (result !== undefined) values[field.name] = result
  }
  return values
}

/** The params, query, headers, cookies and body a route or a dependency declares. */
export type InputDeclaration = DeclaredInputs

/** Reads and validates declared inputs; errors are appended to `errors`, never thrown. */
export type InputsReader = (request: FastifyRequest, errors: ValidationErrorItem[]) => RouteInputs

/**
 * Compiles, once per route or dependency, the reader of its declared inputs: path, query,
 * headers, cookies and body are coerced and validated together, and every error is
 * reported, in FastAPI's order. `null` when nothing is declared.
 */
export function compileInputReader (declaration: InputDeclaration, wildcard?: string, errorLimit = Infinity): InputsReader | null {
  const { params, query, headers, cookies, form, body } = declaration
  if (params === undefined && query === undefined && headers === undefined && cookies === undefined && form === undefined && body === undefined) return null
  // Compiled at the first request, not at registration: converting every route's schemas to
  // JSON Schema for their coercers was a third of registering 1,000 routes, and a route never
  // called costs nothing. Nothing here can fail: what a declaration gets wrong is refused by
  // the route's checks at registration.
  const declared: InputDeclaration = { params, query, headers, cookies, form, body }
  let compiled: InputsReader | undefined
  return function readInputs (request, errors) {
    return (compiled ??= compileInputReaderNow(declared, wildcard, errorLimit))(request, errors)
  }
}

function compileInputReaderNow (declaration: InputDeclaration, wildcard: string | undefined, errorLimit: number): InputsReader {
  const params = declaration.params === undefined ? null : compileObjectInput('path', declaration.params, wildcard)
  const query = declaration.query === undefined ? null : compileObjectInput('query', declaration.query)
  const headers = declaration.headers === undefined ? null : compileObjectInput('header', declaration.headers)
  const cookies = declaration.cookies === undefined ? null : compileObjectInput('cookie', declaration.cookies)
  const form = declaration.form === undefined ? null : compileObjectInput('form', declaration.form)
  const body = declaration.body === undefined || isBodyFields(declaration.body) ? null : compileBody(declaration.body, ['body'], errorLimit)
  const bodyFields = isBodyFields(declaration.body) ? compileBodyFields(declaration.body, errorLimit) : null
  return function readInputs (request, errors) {
    // A JSON `null` body is no body, as FastAPI reads None: `missing` when required, else the default.
    return {
      params: params === null ? request.params : validateObject(params, request, errors),
      query: query === null ? EMPTY : validateObject(query, request, errors),
      headers: headers === null ? EMPTY : validateObject(headers, request, errors),
      cookies: cookies === null ? EMPTY : validateObject(cookies, request, errors),
      body: body !== null
        ? validateBody(body, request.body ?? undefined, request, errors)
        : bodyFields !== null ? validateBodyFields(bodyFields, request, errors) : undefined,
      form: form === null ? undefined : validateObject(form, request, errors),
    }
  }
}

/** The inputs of a route or dependency that declares none: path params as strings, nothing else. */
export function bareInputs (request: FastifyRequest): RouteInputs {
  return { params: request.params, query: EMPTY, headers: EMPTY, cookies: EMPTY, body: undefined, form: undefined }
}

/** The same, for a path with `{name:path}`: Fastify calls that param `*`, the handler knows it by its name. */
export function bareInputsWithWildcard (wildcard: string): InputsReader {
  return (request) => {
    const { '*': rest, ...params } = request.params as Record<string, string>
    return { params: { ...params, [wildcard]: rest }, query: EMPTY, headers: EMPTY, cookies: EMPTY, body: undefined, form: undefined }
  }
}

/**
 * The error of a request whose inputs failed: every item once. Two dependencies may declare
 * the same param; its error is reported once.
 */
export function validationError (errors: ValidationErrorItem[], request: FastifyRequest): RequestValidationError {
  // Fast path: one error (a bad path param, the usual 422) has no duplicate to drop.
  if (errors.length === 1) return new RequestValidationError(errors, request.body)
  const seen = new Set<string>()
  const limit = validationErrorLimitOf(request)
  // Each input stops near the limit, but a request has several inputs and dependencies.
  const unique = cutToLimit(errors, limit * 2).filter((error) => {
    const key = `${error.type}\u0000${locKey(error.loc)}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return new RequestValidationError(cutToLimit(unique, limit), request.body)
}
