import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import fastJson from 'fast-json-stringify'
import { z } from 'zod'
import { ResponseValidationError } from '../errors/validation-error.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { zodIssuesToItems } from '../errors/zod-issues.js'
import { exactJsonSchemas, type ExactJsonSchemas } from './exact-json-schema.js'
import { extraTypesReplacer, holdsExtraTypes } from './extra-types.js'
import type { ResponseFilter } from './response-filter.js'
import type { JsonSchema } from '../shared/openapi-types.js'
import { parseToIssues } from '../errors/zod-parse.js'

/** A handler's value as JSON text, through a response model; throws `ResponseValidationError` when it does not fit. */
export type ModelSerializer = (value: unknown) => string

interface CompiledModel {
  accepts: ValidateFunction
  stringify: (value: unknown) => string
}

// zod 4.5 and later count a string's length in code points (an emoji is 1), as Ajv does by
// default; earlier zod 4 counted UTF-16 units (`.length`). Asked once, so that Ajv counts as zod
// does (test/routing.fast-path-zod-floor.test.ts runs zod 4.0).
const zodCountsCodePoints = z.string().max(1).safeParse('\u{1F600}').success

// Tuned to judge as zod does: NaN and Infinity are not numbers, lengths are counted as zod
// counts them, patterns are compiled without the `u` flag, as zod's flagless RegExp is.
const ajv = new Ajv2020({
  strict: false,
  strictNumbers: true,
  unicodeRegExp: false,
  // Stryker disable next-line BooleanLiteral: equivalent, allErrors changes which errors Ajv lists, never whether it accepts; a refused value is zod's to judge, so stopping at the first error is only faster
  allErrors: false,
  // Deprecated in Ajv 8 (and logged), but honoured: only set for a zod that needs it.
  ...(zodCountsCodePoints ? {} : { unicode: false }),
})

// Models are shared between routes and statuses: compile each once.
const compiled = new WeakMap<z.ZodType, CompiledModel | null>()

function compileModel (model: z.ZodType): CompiledModel | null {
  let entry = compiled.get(model)
  if (entry === undefined) {
    const schemas = exactJsonSchemas(model)
    entry = schemas === null ? null : compileSchemas(schemas)
    compiled.set(model, entry)
  }
  return entry
}

function compileSchemas ({ validate, serialize }: ExactJsonSchemas): CompiledModel | null {
  try {
    // fast-json-stringify first: it refuses a model nested over 100 levels at once, where Ajv
    // would spend seconds compiling it for nothing.
    const stringify = fastJson(serialize as Parameters<typeof fastJson>[0])
    return { accepts: ajv.compile(validate), stringify }
  } catch {
    // A schema either compiler refuses is only a slower route, never a route that cannot register: zod serves it.
    return null
  }
}

// Objects that refuse unknown keys: a value accepted is then one zod would return as it is
// (zod strips unknown keys; a value holding one is left to zod). A new schema, the original shared.
function closed (schema: JsonSchema): JsonSchema {
  if (typeof schema !== 'object' || schema === null) return schema
  const copy: JsonSchema = Array.isArray(schema) ? schema.map(closed) as unknown as JsonSchema : { ...schema }
  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === 'object' && value !== null && key !== 'const' && key !== 'enum') (copy as Record<string, unknown>)[key] = closed(value as JsonSchema)
  }
  if (copy.type === 'object' && copy.properties !== undefined && copy.additionalProperties === undefined) copy.additionalProperties = false
  return copy
}

const exactChecks = new WeakMap<z.ZodType, ValidateFunction | null>()

/**
 * For a model JSON Schema states exactly, an Ajv check that accepts only values zod would
 * parse to themselves (declared keys only, no default to fill in): such a value needs no zod
 * parse. `null` for any other model, which zod alone judges. A value it refuses is zod's to judge.
 */
export function compileExactCheck (model: z.ZodType): ValidateFunction | null {
  let check = exactChecks.get(model)
  if (check === undefined) {
    const schemas = exactJsonSchemas(model)
    try {
      check = schemas === null ? null : ajv.compile(closed(schemas.validate))
    } catch {
      check = null
    }
    exactChecks.set(model, check)
  }
  return check
}

function parseResponse (model: z.ZodType, value: unknown, route: string): unknown {
  const result = parseToIssues(model, value)
  if (result.success) return result.data
  const errors: ValidationErrorItem[] = []
  zodIssuesToItems(result.issues, ['response'], value, 'parent', errors)
  throw new ResponseValidationError(errors, route)
}

/**
 * Compiles, once per model, how a returned value becomes JSON. zod's parse strips the keys
 * the model does not declare (a password, an internal id never leaves) and fills defaults;
 * JSON.stringify writes the result. Fast path: for a model JSON Schema can state exactly,
 * Ajv checks the value and fast-json-stringify writes only the declared keys, with the same
 * text (3.8x zod + JSON.stringify on the bench's `ItemOut`). A value Ajv refuses is zod's to judge,
 * so an invalid value fails as it always did, and a valid one Ajv is stricter about is sent
 * as before.
 */
export function compileModelSerializer (model: z.ZodType, route: string): ModelSerializer {
  const replacer = replacerFor(model)
  const viaZod: ModelSerializer = (value) => JSON.stringify(parseResponse(model, value, route), replacer) ?? 'null'
  const fast = compileModel(model)
  if (fast === null) return viaZod
  const { accepts, stringify } = fast
  return (value) => accepts(value) ? stringify(value) : viaZod(value)
}

/**
 * A route with FastAPI's `response_model_exclude_unset` (and the others) sends less than its
 * model: zod parses, the filter drops what the options leave out, JSON.stringify writes.
 * Only such routes take this path; the others keep the compiled one above.
 */
export function compileFilteredSerializer (model: z.ZodType, route: string, filter: ResponseFilter): ModelSerializer {
  const replacer = replacerFor(model)
  return (value) => JSON.stringify(filter(parseResponse(model, value, route), value), replacer) ?? 'null'
}

// Sets, Maps, Dates and bytes written as pydantic writes them, only for a model that may hold
// one (none of them has an exact JSON Schema, so the compiled path never meets them).
function replacerFor (model: z.ZodType): typeof extraTypesReplacer | undefined {
  return holdsExtraTypes(model) ? extraTypesReplacer : undefined
}
