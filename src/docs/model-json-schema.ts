import { z } from 'zod'
import type { Io } from '../inputs/json-schema.js'
import type { JsonSchema } from '../shared/openapi-types.js'
import { fileSpecOf } from '../uploads/file-schema.js'
import { pydanticStringFormat } from './string-formats.js'
import { fieldTitle } from './titles.js'

// pydantic has no bounds on `int`; zod's JSON Schema writes JavaScript's safe-integer range on
// every `.int()`, which would crowd every integer in the docs.
const SAFE_INTEGER_BOUNDS: Array<[string, number]> = [['minimum', Number.MIN_SAFE_INTEGER], ['maximum', Number.MAX_SAFE_INTEGER]]
// Our own metadata: it says how to read a request, not what the schema is.
const PRIVATE_METADATA = ['alias', 'openapiExamples'] as const
// Keywords whose values are data, not schemas: a default may well hold a key named `type`.
const DATA_KEYWORDS = new Set(['default', 'examples', 'example', 'const', 'enum'])
// Keywords that hold schemas by name: every name there, `default` included, names a schema.
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas'])

// A conversion depends on the schema and the direction only: shared by every route and
// every document (the app's and each version's). Callers copy before they change it.
const conversions: Record<Io, WeakMap<z.core.$ZodType, JsonSchema>> = { input: new WeakMap(), output: new WeakMap() }

/**
 * A zod schema as JSON Schema, as pydantic 2 writes the model it stands for and FastAPI
 * 0.14x shows it: titles on models and fields, `anyOf` with `null` for a nullable value,
 * no `"default": null`, formats without zod's regexes, and in both directions only the
 * fields without a default `required` (pydantic's serialization schema is the same).
 */
export function convert (schema: z.core.$ZodType, io: Io): JsonSchema {
  let converted = conversions[io].get(schema)
  if (converted === undefined) {
    const outerDefs = setItemDefs
    setItemDefs = {}
    try {
      converted = z.toJSONSchema(schema, {
        io,
        unrepresentable: 'any',
        cycles: 'ref',
        reused: 'inline',
        override: ({ zodSchema, jsonSchema }) => tidy(zodSchema, jsonSchema as JsonSchema, io),
      }) as JsonSchema
      if (Object.keys(setItemDefs).length > 0) converted.$defs = { ...setItemDefs, ...converted.$defs }
    } finally {
      setItemDefs = outerDefs
    }
    // zod folds `anyOf: [{type: 'string'}, {type: 'null'}]` into a type array after the
    // overrides ran, and writes a field's schema before it knows the field: both done here,
    // in one walk of the finished schema.
    finish(converted)
    conversions[io].set(schema, converted)
  }
  return converted
}

// The named models a set's items refer to, for the conversion in progress (zod leaves a set
// out, so its items are converted on their own and their `$defs` joined to the outer ones).
let setItemDefs: Record<string, JsonSchema> = {}
const convertingSetItems = new WeakSet<z.core.$ZodType>()

// pydantic documents `set[str]` (and `frozenset`) as an array of unique items.
function documentSet (def: z.core.$ZodSetDef, jsonSchema: JsonSchema, io: Io): void {
  const valueType = def.valueType as z.core.$ZodType
  let items: JsonSchema = {}
  // A set of itself (through z.lazy) is left with open items rather than converted forever.
  if (!convertingSetItems.has(valueType)) {
    convertingSetItems.add(valueType)
    try {
      const { $schema: _dialect, $defs, ...converted } = structuredClone(convert(valueType, io))
      Object.assign(setItemDefs, $defs)
      items = converted
    } finally {
      convertingSetItems.delete(valueType)
    }
  }
  Object.assign(jsonSchema, { type: 'array', uniqueItems: true, items })
}

// pydantic documents `bytes` as a binary string; zod's `z.instanceof(Buffer)` keeps its class.
function isBytes (zodSchema: z.core.$ZodType): boolean {
  const Class = (zodSchema._zod as { bag: { Class?: unknown } }).bag.Class
  return typeof Class === 'function' && (Class === Uint8Array || Class.prototype instanceof Uint8Array)
}

function tidy (zodSchema: z.core.$ZodType, jsonSchema: JsonSchema, io: Io): void {
  for (const key of PRIVATE_METADATA) delete jsonSchema[key]
  if (jsonSchema.type === 'integer') {
    for (const [keyword, bound] of SAFE_INTEGER_BOUNDS) if (jsonSchema[keyword] === bound) delete jsonSchema[keyword]
  }
  const def = zodSchema._zod.def
  // A Date travels as an ISO 8601 string, as FastAPI sends a datetime.
  if (def.type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' })
  if (def.type === 'set') documentSet(def as z.core.$ZodSetDef, jsonSchema, io)
  if (def.type === 'custom' && isBytes(zodSchema)) Object.assign(jsonSchema, { type: 'string', format: 'binary' })
  // FastAPI 0.116+ documents an UploadFile, and bytes sent as File(), as a string of any content.
  if (def.type === 'custom' && fileSpecOf(zodSchema) !== undefined) Object.assign(jsonSchema, { type: 'string', contentMediaType: 'application/octet-stream' })
  pydanticStringFormat(zodSchema, jsonSchema)
  // pydantic titles a model, or an Enum, by its class name.
  const id = z.globalRegistry.get(zodSchema as z.core.$ZodType)?.id
  if (typeof id === 'string' && jsonSchema.title === undefined) jsonSchema.title = id
  // pydantic's discriminated unions carry the discriminator, which Swagger UI and ReDoc read.
  const discriminator = (def as { discriminator?: unknown }).discriminator
  if (def.type === 'union' && typeof discriminator === 'string') jsonSchema.discriminator = { propertyName: discriminator }
  if (def.type === 'record') tidyRecord(def as z.core.$ZodRecordDef, jsonSchema)
  if (def.type !== 'object') return
  const { catchall, shape } = def as z.core.$ZodObjectDef
  if (io === 'output') {
    // Extra fields are stripped from a response, not refused.
    if (jsonSchema.additionalProperties === false && catchall?._zod.def.type !== 'never') delete jsonSchema.additionalProperties
    // zod's output form requires a field with a default (it is always there); pydantic's does
    // not, so a model's two forms differ only where the model really does.
    if (Array.isArray(jsonSchema.required)) {
      const required = (jsonSchema.required as string[]).filter((key) => shape[key] === undefined || inputOptin(shape[key]) === undefined)
      if (required.length > 0) jsonSchema.required = required
      else delete jsonSchema.required
    }
  }
}

// Whether a request may leave the field out (it has a default, or is optional), read as zod's
// input JSON Schema reads it: through a transform's pipe and a catch to what declares it.
function inputOptin (schema: z.core.$ZodType): string | undefined {
  const def = schema._zod.def
  if (def.type === 'pipe' && (def as z.core.$ZodPipeDef).in._zod.traits.has('$ZodTransform')) return inputOptin((def as z.core.$ZodPipeDef).out)
  if (def.type === 'catch') return inputOptin((def as z.core.$ZodCatchDef).innerType)
  return schema._zod.optin
}

// pydantic documents `dict[int, float]` and `dict[str, float]` by their values alone; zod
// adds the keys' JSON form (`{"type": "string", "pattern": "^-?\\d+$"}` for numbers).
function tidyRecord (def: z.core.$ZodRecordDef, jsonSchema: JsonSchema): void {
  const names = jsonSchema.propertyNames as JsonSchema | undefined
  if (names === undefined) return
  const keyType = def.keyType._zod.def.type
  if (keyType === 'number' || (keyType === 'string' && Object.keys(names).length === 1 && names.type === 'string')) {
    delete jsonSchema.propertyNames
  }
}

// pydantic titles no field that is a model, or an optional one (`image: Image | None = None`).
function isModelReference (property: JsonSchema): boolean {
  if (property.$ref !== undefined) return true
  const choices = property.anyOf
  return choices?.length === 2 && choices[0]?.$ref !== undefined && isNull(choices[1] as JsonSchema)
}

function isNull (schema: JsonSchema): boolean {
  return schema.type === 'null' && Object.keys(schema).length === 1
}

// `type: ['string', 'null']` -> `anyOf: [{type: 'string'}, {type: 'null'}]`, as pydantic writes
// `str | None`; a nullable value's `"default": null` left out, as FastAPI shows it; and each
// field titled by its name (a copy: zod may share one node between two fields).
function finish (value: unknown): void {
  if (Array.isArray(value)) {
    for (const child of value) finish(child)
    return
  }
  if (typeof value !== 'object' || value === null) return
  const schema = value as JsonSchema
  for (const [key, child] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(key) && typeof child === 'object' && child !== null) {
      for (const named of Object.values(child)) finish(named)
    } else if (!DATA_KEYWORDS.has(key)) {
      finish(child)
    }
  }
  if (Array.isArray(schema.type) && schema.anyOf === undefined) {
    schema.anyOf = schema.type.map((type) => ({ type }))
    delete schema.type
  }
  if (schema.default === null && schema.anyOf?.some(isNull) === true) delete schema.default
  const properties = schema.properties
  if (properties === undefined || typeof properties !== 'object') return
  for (const [key, property] of Object.entries(properties)) {
    if (property.title === undefined && !isModelReference(property)) properties[key] = { ...property, title: fieldTitle(key) }
  }
}
