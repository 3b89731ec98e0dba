import type { FastifyRequest } from 'fastify'
import { isTypeProviderZodError, typeProviderZodItems, zodIssueOf } from './type-provider-zod.js'
import { valueAt, zodIssuesToItems, type MissingInput } from './zod-issues.js'
import { constraintItems, formatMismatch, item, messages, typeMismatch, type Loc, type ValidationErrorItem, type ValidationLocation } from './validation-item.js'

/** An Ajv error as Fastify attaches it to `error.validation`. */
export interface AjvError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
}

// Fastify's name for the part of a request that failed (`validationContext`), and FastAPI's.
// An error made by hand, with no context, is read as the body's.
function locationOf (context: string | undefined): ValidationLocation {
  switch (context) {
    case 'querystring': return 'query'
    case 'params': return 'path'
    case 'headers': return 'header'
    default: return 'body'
  }
}

function requestData (request: FastifyRequest, location: ValidationLocation): unknown {
  switch (location) {
    case 'body': return request.body
    case 'query': return request.query
    case 'path': return request.params
    default: return request.headers
  }
}

// An Ajv `instancePath` is a JSON Pointer (RFC 6901: `~1` is '/', `~0` is '~'). FastAPI's loc
// holds a list's index as a number and an object's key as a string, digits or not
// (`{"10": ...}` is `"10"`): the data the pointer walks tells which.
function pathOf (instancePath: string, data: unknown): Array<string | number> {
  const path: Array<string | number> = []
  if (instancePath === '') return path
  let value = data
  for (const part of instancePath.slice(1).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~')
    const segment = Array.isArray(value) ? Number(key) : key
    path.push(segment)
    value = valueAt(value, [segment])
  }
  return path
}

// As on a zod route: FastAPI reports the whole body as a missing field's input, null for a param.
function missingInputAt (location: ValidationLocation): MissingInput {
  if (location === 'body') return 'parent'
  // Stryker disable next-line StringLiteral: equivalent, a missing field's input is the parent for 'parent' and null for anything else
  return 'null'
}

/**
 * Turns the errors of Fastify's own validation (Ajv, on plain Fastify routes with JSON
 * Schema, or fastify-type-provider-zod's zod issues) into FastAPI's items, so every route
 * of the app answers in one shape.
 */
export function ajvErrorsToItems (errors: ReadonlyArray<AjvError>, context: string | undefined, request: FastifyRequest): ValidationErrorItem[] {
  const location = locationOf(context)
  const data = requestData(request, location)
  if (errors[0] !== undefined && isTypeProviderZodError(errors[0])) {
    const items = typeProviderZodItems(request, context ?? 'body', location, data)
    if (items !== undefined) return items
  }
  const items: ValidationErrorItem[] = []
  for (const error of errors) {
    if (isTypeProviderZodError(error)) {
      zodIssuesToItems([zodIssueOf(error)], [location], data, missingInputAt(location), items)
      continue
    }
    const path = pathOf(error.instancePath, data)
    const input = valueAt(data, path)
    items.push(convertAjvError(error, [location, ...path], input, location === 'body' ? input : null))
  }
  return items
}

function convertAjvError (error: AjvError, loc: Loc, input: unknown, parent: unknown): ValidationErrorItem {
  const { params } = error
  const limit = params.limit as number
  switch (error.keyword) {
    case 'required':
      return item('missing', [...loc, params.missingProperty as string], messages.missing, parent)
    case 'type':
      return typeMismatch(String(params.type).split(',')[0] as string, loc, input)
    case 'minLength': return constraintItems.stringTooShort(loc, input, limit)
    case 'maxLength': return constraintItems.stringTooLong(loc, input, limit)
    case 'minimum': return constraintItems.greaterThanEqual(loc, input, limit)
    case 'exclusiveMinimum': return constraintItems.greaterThan(loc, input, limit)
    case 'maximum': return constraintItems.lessThanEqual(loc, input, limit)
    case 'exclusiveMaximum': return constraintItems.lessThan(loc, input, limit)
    case 'multipleOf': return constraintItems.multipleOf(loc, input, params.multipleOf as number)
    case 'pattern': return constraintItems.patternMismatch(loc, input, params.pattern as string)
    case 'enum': return constraintItems.enumMismatch(loc, input, params.allowedValues as unknown[])
    case 'const': return constraintItems.literalMismatch(loc, input, [params.allowedValue])
    // Ajv checks minItems and maxItems on arrays only.
    case 'minItems': return constraintItems.tooShort(loc, input, 'List', limit, (input as unknown[]).length)
    case 'maxItems': return constraintItems.tooLong(loc, input, 'List', limit, (input as unknown[]).length)
    case 'additionalProperties': {
      const key = params.additionalProperty as string
      return item('extra_forbidden', [...loc, key], messages.extra_forbidden, valueAt(input, [key]))
    }
    case 'format': return formatMismatch(params.format as string, loc, input, error.message ?? 'invalid format')
    default: return constraintItems.valueError(loc, input, error.message ?? error.keyword)
  }
}
