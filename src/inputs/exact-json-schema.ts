import { z } from 'zod'
import type { JsonSchema } from '../shared/openapi-types.js'

/**
 * A zod schema as two JSON Schemas, for the compiled response path:
 * - `validate`, for Ajv: a value it accepts is one zod accepts *and* parses to the same JSON
 *   (zod strips unknown keys, which serialization drops too). It may reject more than zod
 *   (a key left to its default, an object with `toJSON`): a rejected value is then judged by
 *   zod itself, so being stricter costs speed, never correctness.
 * - `serialize`, for fast-json-stringify: only the shapes, to write the declared keys.
 */
export interface ExactJsonSchemas {
  validate: JsonSchema
  serialize: JsonSchema
}

// zod's integer formats, as the bounds it checks (`z.int()`, `z.int32()`, `z.uint32()`); its
// float formats (`z.float32()`, `z.float64()`) are left to zod.
const INTEGER_FORMATS = new Map<string | undefined, JsonSchema>([
  ['safeint', { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }],
  ['int32', { minimum: -2147483648, maximum: 2147483647 }],
  ['uint32', { minimum: 0, maximum: 4294967295 }],
])

type CheckDef = z.core.$ZodCheckDef & {
  value?: unknown
  inclusive?: boolean
  minimum?: number
  maximum?: number
  length?: number
  format?: string
  pattern?: RegExp
}

function checksOf (schema: z.core.$ZodType): CheckDef[] {
  return ((schema._zod.def as { checks?: z.core.$ZodCheck[] }).checks ?? []).map((check) => check._zod.def as CheckDef)
}

// Length bounds as zod checks them, under the names given: a string's are exact-ajv.ts's
// `minCodePoints`/`maxCodePoints`, counted as the zod in use counts them.
function lengthBounds (checks: CheckDef[], min: string, max: string, out: JsonSchema[]): boolean {
  for (const check of checks) {
    if (check.check === 'min_length') out.push({ [min]: check.minimum })
    else if (check.check === 'max_length') out.push({ [max]: check.maximum })
    else if (check.check === 'length_equals') out.push({ [min]: check.length, [max]: check.length })
    else return false
  }
  return true
}

function withConstraints (base: JsonSchema, constraints: JsonSchema[]): JsonSchema {
  return constraints.length === 0 ? base : { ...base, allOf: constraints }
}

function stringSchemas (schema: z.core.$ZodType): ExactJsonSchemas | null {
  // A string format schema (`z.email()`) checks zod's own regex; left to zod.
  if ((schema._zod.def as { format?: string }).format !== undefined) return null
  const constraints: JsonSchema[] = []
  for (const check of checksOf(schema)) {
    // A regex without flags means the same to Ajv (told not to add `u`); with flags it does not.
    // Other string formats (`.base64()`, `.includes(s, { position })`) check more than their
    // pattern. (A check without a pattern, a length, has no flags.)
    if (check.pattern?.flags === '' && check.format === 'regex') {
      constraints.push({ pattern: check.pattern.source })
    } else if (!lengthBounds([check], 'minCodePoints', 'maxCodePoints', constraints)) {
      return null
    }
  }
  return { validate: withConstraints({ type: 'string' }, constraints), serialize: { type: 'string' } }
}

function numberSchemas (schema: z.core.$ZodType): ExactJsonSchemas | null {
  let type = 'number'
  const constraints: JsonSchema[] = []
  const def = schema._zod.def as unknown as CheckDef
  const checks = def.check === 'number_format' ? [def, ...checksOf(schema)] : checksOf(schema)
  for (const check of checks) {
    if (check.check === 'number_format') {
      const bounds = INTEGER_FORMATS.get(check.format)
      if (bounds === undefined) return null
      type = 'integer'
      constraints.push(bounds)
    } else if ((check.check === 'greater_than' || check.check === 'less_than') && Number.isFinite(check.value)) {
      // JSON has no NaN or Infinity to bound by (Ajv refuses such a schema).
      const keyword = check.check === 'greater_than'
        ? (check.inclusive === true ? 'minimum' : 'exclusiveMinimum')
        : (check.inclusive === true ? 'maximum' : 'exclusiveMaximum')
      constraints.push({ [keyword]: check.value })
    } else {
      // multipleOf among them: zod's float-safe remainder is not Ajv's.
      return null
    }
  }
  return { validate: withConstraints({ type }, constraints), serialize: { type } }
}

// Number.isFinite is false for anything but a finite number (it does not convert).
function isJsonPrimitive (value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value)
}

function choiceSchemas (values: readonly unknown[]): ExactJsonSchemas | null {
  if (values.length === 0 || !values.every(isJsonPrimitive)) return null
  // Serialized by JSON.stringify (fast-json-stringify's answer to `{}`): a primitive is written as is.
  return { validate: { enum: [...values] }, serialize: {} }
}

function objectSchemas (schema: z.core.$ZodObject): ExactJsonSchemas | null {
  const def = schema._zod.def
  const catchall = def.catchall?._zod.def.type
  // Strip (no catchall) and strict (`never`): extra keys are dropped or refused. Any other catchall keeps them.
  if (catchall !== undefined && catchall !== 'never') return null
  const validateProperties: Record<string, JsonSchema> = {}
  const serializeProperties: Record<string, JsonSchema> = {}
  const required: string[] = []
  for (const [key, property] of Object.entries(def.shape)) {
    if (key === '__proto__' || key === 'toJSON') return null
    // Only a plain `.optional()` may be absent here; a default is required, so that zod fills it
    // in. An optional whose inner schema acts on `undefined` (`.default(x).optional()`) is zod's.
    const inner = property._zod.def.type === 'optional' ? (property._zod.def as z.core.$ZodOptionalDef).innerType : undefined
    if (inner !== undefined && inner._zod.optin !== undefined) return null
    const optional = inner !== undefined
    const schemas = exactJsonSchemas(inner ?? property)
    if (schemas === null) return null
    validateProperties[key] = schemas.validate
    serializeProperties[key] = schemas.serialize
    if (!optional) required.push(key)
  }
  // fast-json-stringify calls an object's `toJSON`; zod parses the object's own keys into a new
  // object and never calls it. Such values are left to zod (exact-ajv.ts's `noToJSON`).
  const validate: JsonSchema = { type: 'object', properties: validateProperties, required, noToJSON: true }
  if (catchall === 'never') validate.additionalProperties = false
  return { validate, serialize: { type: 'object', properties: serializeProperties } }
}

// A JSON Schema `type` that names null: `'null'`, or a list with it.
function typeHasNull (type: unknown): boolean {
  return type === 'null' || (Array.isArray(type) && type.includes('null'))
}

/**
 * A `validate` schema that also accepts `null`. Each has a `type` or an `enum`, and every other
 * keyword in it acts on its type alone (a length on strings, `properties` on objects), so
 * `null` joins the type or the enum. Not `anyOf: [schema, null]`: Ajv decides an anyOf by
 * running every branch and making an error object for each that fails, the null branch of
 * every string, two objects per row of a list.
 */
export function orNull (schema: JsonSchema): JsonSchema {
  const { type } = schema
  if (typeHasNull(type)) return schema
  if (type !== undefined) return { ...schema, type: [...(Array.isArray(type) ? type : [type]), 'null'] }
  const values = schema.enum as unknown[]
  return values.includes(null) ? schema : { ...schema, enum: [...values, null] }
}

// Whether a `serialize` schema writes `null` already (a nullable of a nullable).
function writesNull (serialize: JsonSchema): boolean {
  return typeHasNull(serialize.type) || (serialize.anyOf?.some((choice) => choice.type === 'null') ?? false)
}

function nullableSchemas (inner: ExactJsonSchemas): ExactJsonSchemas {
  const validate = orNull(inner.validate)
  // As it is: wrapped again, a model's `anyOf` would lose its `type` and be written whole
  // by JSON.stringify (`{}` below), undeclared keys and all.
  if (writesNull(inner.serialize)) return { validate, serialize: inner.serialize }
  const type = inner.serialize.type
  // fast-json-stringify writes `type: [t, 'null']` directly; an `anyOf` it decides with Ajv at each call.
  if (typeof type === 'string' && type !== 'object' && type !== 'array') return { validate, serialize: { type: [type, 'null'] } }
  // A literal or an enum: JSON.stringify writes the primitive.
  if (type === undefined) return { validate, serialize: {} }
  return { validate, serialize: { anyOf: [inner.serialize, { type: 'null' }] } }
}

/**
 * The exact JSON Schemas of a zod schema, or `null` when JSON Schema cannot say what zod
 * does: refinements, transforms, formats, unions, records, dates, lazy schemas, catch...
 * Only what is known to match is admitted; the rest keeps zod.
 */
export function exactJsonSchemas (schema: z.core.$ZodType): ExactJsonSchemas | null {
  // A recursive model (an object whose getter returns itself) has no finite JSON Schema
  // here: refusing the cycle leaves it to zod.
  if (visiting.has(schema)) return null
  visiting.add(schema)
  try {
    return schemasOf(schema)
  } finally {
    visiting.delete(schema)
  }
}

const visiting = new Set<z.core.$ZodType>()

// The kinds whose checks (lengths, bounds, patterns) are translated to JSON Schema; on any
// other kind a check is a refinement, which only zod can run.
const TRANSLATES_CHECKS = new Set(['string', 'number', 'array'])

function schemasOf (schema: z.core.$ZodType): ExactJsonSchemas | null {
  const def = schema._zod.def
  if (!TRANSLATES_CHECKS.has(def.type) && checksOf(schema).length > 0) return null
  switch (def.type) {
    case 'string': return stringSchemas(schema)
    case 'number': return numberSchemas(schema)
    case 'boolean': return { validate: { type: 'boolean' }, serialize: { type: 'boolean' } }
    case 'null': return { validate: { type: 'null' }, serialize: { type: 'null' } }
    case 'literal': return choiceSchemas((def as z.core.$ZodLiteralDef<z.core.util.Literal>).values)
    case 'enum': return choiceSchemas(z.core.util.getEnumValues((def as z.core.$ZodEnumDef).entries))
    case 'object': return objectSchemas(schema as z.core.$ZodObject)
    case 'array': {
      const element = exactJsonSchemas((def as z.core.$ZodArrayDef).element)
      const constraints: JsonSchema[] = []
      if (element === null || !lengthBounds(checksOf(schema), 'minItems', 'maxItems', constraints)) return null
      return {
        validate: withConstraints({ type: 'array', items: element.validate }, constraints),
        serialize: { type: 'array', items: element.serialize },
      }
    }
    case 'nullable': {
      const inner = exactJsonSchemas((def as z.core.$ZodNullableDef).innerType)
      return inner === null ? null : nullableSchemas(inner)
    }
    // A default: a value present is parsed by the inner schema; an absent one is refused above
    // (see objectSchemas). A readonly: zod freezes its output; the JSON is the same.
    case 'default':
    case 'readonly':
      return exactJsonSchemas((def as z.core.$ZodDefaultDef | z.core.$ZodReadonlyDef).innerType)
    default:
      return null
  }
}
