import type { FastifyRequest } from 'fastify'
import { isTypeProviderZodError, typeProviderZodItems, zodIssueOf } from './type-provider-zod.js'
import { valueAt, zodIssuesToItems } from './zod-issues.js'
import { constraintItems, formatMismatch, item, messages, typeMismatch, type Loc, type ValidationErrorItem, type ValidationLocation } from './validation-item.js'

/** An Ajv error as Fastify attaches it to `error.validation`. */
export interface AjvError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
}

// Fastify's names for where a value came from, and FastAPI's.
const LOCATIONS: Record<string, ValidationLocation> = {
  body: 'body', querystring: 'query', params: 'path', headers: 'header',
}

function requestData (request: FastifyRequest, location: ValidationLocation): unknown {
  switch (location) {
    case 'body': return request.body
    case 'query': return request.query
    case 'path': return request.params
    default: return request.headers
  }
}

function pathOf (instancePath: string): Array<string | number> {
  if (instancePath === '') return []
  return instancePath.slice(1).split('/').map((part) => {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~')
    return /^\d+$/.test(key) ? Number(key) : key
  })
}

/**
 * Turns the errors of Fastify's own validation (Ajv, on plain Fastify routes with JSON
 * Schema, or fastify-type-provider-zod's zod issues) into FastAPI's items, so every route
 * of the app answers in one shape.
 */
export function ajvErrorsToItems (errors: ReadonlyArray<AjvError>, context: string | undefined, request: FastifyRequest): ValidationErrorItem[] {
  const location = LOCATIONS[context ?? 'body'] ?? 'body'
  const data = requestData(request, location)
  if (errors[0] !== undefined && isTypeProviderZodError(errors[0])) {
    const items = typeProviderZodItems(request, context ?? 'body', location, data)
    if (items !== undefined) return items
  }
  const items: ValidationErrorItem[] = []
  for (const error of errors) {
    if (isTypeProviderZodError(error)) {
      // As on a zod route: FastAPI reports the whole body as a missing field's input, null for a param.
      zodIssuesToItems([zodIssueOf(error)], [location], data, location === 'body' ? 'parent' : 'null', items)
      continue
    }
    const path = pathOf(error.instancePath)
    const loc: Loc = [location, ...path]
    const input = valueAt(data, path)
    const converted = convertAjvError(error, loc, input, location === 'body' ? input : null)
    if (converted !== undefined) items.push(converted)
  }
  return items
}

function convertAjvError (error: AjvError, loc: Loc, input: unknown, parent: unknown): ValidationErrorItem | undefined {
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
    case 'minItems': return constraintItems.listTooShort(loc, input, limit, Array.isArray(input) ? input.length : 0)
    case 'maxItems': return constraintItems.listTooLong(loc, input, limit, Array.isArray(input) ? input.length : 0)
    case 'additionalProperties': {
      const key = params.additionalProperty as string
      return item('extra_forbidden', [...loc, key], messages.extra_forbidden, valueAt(input, [key]))
    }
    case 'format': return formatMismatch(params.format as string, loc, input, error.message ?? 'invalid format')
    default: return constraintItems.valueError(loc, input, error.message ?? error.keyword)
  }
}
