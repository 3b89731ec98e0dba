import { z } from 'zod'
import type { JsonSchema } from '../shared/openapi-types.js'

export type Io = 'input' | 'output'

// Models are shared between routes (one `Item` for ten routes): convert each once.
const caches: Record<Io, WeakMap<z.core.$ZodType, JsonSchema>> = { input: new WeakMap(), output: new WeakMap() }

/**
 * The properties of an object schema's JSON Schema. A named one (`.meta({ id: 'FormData' })`)
 * is converted as a `$ref` to its definition: its properties are there.
 */
export function propertiesOf (jsonSchema: JsonSchema): Record<string, JsonSchema> {
  const ref = jsonSchema.$ref
  if (ref === undefined || !ref.startsWith('#/$defs/')) return jsonSchema.properties ?? {}
  const definition = (jsonSchema.$defs as Record<string, JsonSchema> | undefined)?.[decodeURIComponent(ref.slice('#/$defs/'.length))]
  return definition?.properties ?? {}
}

/**
 * A zod schema as JSON Schema (draft 2020-12), what a request sends (`input`) or what a
 * response carries (`output`). Types JSON Schema cannot express (dates, transforms) become
 * `{}`: zod still validates them; they are only left uncoerced and loosely documented.
 */
export function toJsonSchema (schema: z.core.$ZodType, io: Io): JsonSchema {
  const cache = caches[io]
  let jsonSchema = cache.get(schema)
  if (jsonSchema === undefined) {
    jsonSchema = z.toJSONSchema(schema, { io, unrepresentable: 'any', cycles: 'ref', reused: 'inline' }) as JsonSchema
    cache.set(schema, jsonSchema)
  }
  return jsonSchema
}
