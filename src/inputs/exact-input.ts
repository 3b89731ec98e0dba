import type { z } from 'zod'
import type { JsonSchema } from '../shared/openapi-types.js'
import { exactAjv } from './exact-ajv.js'
import { exactJsonSchemas, orNull } from './exact-json-schema.js'

/** What a compiled input answers for a value it leaves to zod. */
export const REFUSED: unique symbol = Symbol('fastify-fastapi.refused')

/**
 * A compiled input: for a value it accepts, what zod would return for it (a new object with
 * the declared keys in the model's order, defaults filled in, `readonly` parts frozen);
 * `REFUSED` for any other, which zod alone judges (and words the 422 of).
 */
export type ExactInput = (value: unknown) => unknown

/** A value as zod returns it, from a value the check accepted; `null`: the value as it is. */
type Copy = ((value: unknown) => unknown) | null

interface Field {
  key: string
  copy: Copy
  /** zod's default for the key when it is absent; `undefined`: an absent key stays absent (an optional). */
  fill: (() => unknown) | undefined
}

interface Compiled {
  check: JsonSchema
  copy: Copy
}

type Def = z.core.$ZodTypeDef & {
  innerType?: z.core.$ZodType
  element?: z.core.$ZodType
  shape?: Record<string, z.core.$ZodType>
  defaultValue?: unknown
}

// The object of a shape, in the model's order (zod builds its output key by key from the shape).
function copyObject (fields: readonly Field[]): (value: unknown) => unknown {
  return (value) => {
    const source = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const field of fields) {
      const item = source[field.key]
      if (item === undefined) {
        // zod keeps a key sent as `undefined` (never in JSON; a coerced value may be so).
        if (field.fill !== undefined) out[field.key] = field.fill()
        else if (field.key in source) out[field.key] = undefined
      } else {
        out[field.key] = field.copy === null ? item : field.copy(item)
      }
    }
    return out
  }
}

function objectInput (def: Def, json: JsonSchema): Compiled {
  const properties = json.properties as Record<string, JsonSchema>
  const defaulted = new Set<string>()
  // Stryker disable next-line ArrayDeclaration: equivalent, a string in the list has no key: the copy reads and writes nothing for it
  const fields: Field[] = []
  const checks: Record<string, JsonSchema> = {}
  for (const [key, property] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
    const propertyDef = property._zod.def as Def
    const hasDefault = propertyDef.type === 'default'
    const compiled = inputOf(propertyDef.type === 'optional' || hasDefault ? propertyDef.innerType as z.core.$ZodType : property, properties[key] as JsonSchema)
    checks[key] = compiled.check
    // zod's `defaultValue` is a getter: a shallow copy of the default at each read, as zod hands it out.
    fields.push({ key, copy: compiled.copy, fill: hasDefault ? () => (property._zod.def as Def).defaultValue : undefined })
    if (hasDefault) defaulted.add(key)
  }
  // A key the model does not declare is refused by a strict model and left out by the copy, as
  // zod strips it. A key left to its default may be absent; the copy fills it in.
  const check: JsonSchema = { type: 'object', properties: checks, required: (json.required as string[]).filter((key) => !defaulted.has(key)) }
  if (json.additionalProperties === false) check.additionalProperties = false
  return { check, copy: copyObject(fields) }
}

// Frozen as zod's `.readonly()` freezes: objects and lists are copies already, never the
// request's own value; a scalar is what it is (Object.freeze returns null as it is).
function frozen (copy: Copy): Copy {
  return copy === null ? null : (value) => Object.freeze(copy(value))
}

// Walks the zod schema beside the JSON Schema `exactJsonSchemas` made of it, which states it
// exactly (else there is nothing to compile): the same shapes, one level at a time.
function inputOf (schema: z.core.$ZodType, json: JsonSchema): Compiled {
  const def = schema._zod.def as Def
  switch (def.type) {
    case 'object': return objectInput(def, json)
    case 'array': {
      const element = inputOf(def.element as z.core.$ZodType, json.items as JsonSchema)
      const copy = element.copy
      // A new list, as zod's: the request's own (frozen, or shared by an app's parser) is never handed on.
      return {
        check: { ...json, items: element.check },
        copy: copy === null ? (value) => (value as unknown[]).slice() : (value) => (value as unknown[]).map((item) => copy(item)),
      }
    }
    case 'nullable': {
      // The inner schema's, with `null` joined to its type or enum (exact-json-schema.ts).
      const compiled = inputOf(def.innerType as z.core.$ZodType, json)
      const copy = compiled.copy
      return {
        check: orNull(compiled.check),
        copy: copy === null ? null : (value) => value === null ? null : copy(value),
      }
    }
    // A default present is its inner schema's (an absent one is filled in by its object).
    case 'default': return inputOf(def.innerType as z.core.$ZodType, json)
    case 'readonly': {
      const compiled = inputOf(def.innerType as z.core.$ZodType, json)
      return { check: compiled.check, copy: frozen(compiled.copy) }
    }
    // Strings, numbers, booleans, null, literals, enums: zod returns them as they are.
    default: return { check: json, copy: null }
  }
}

const cache = new WeakMap<z.core.$ZodType, ExactInput>()

/**
 * The fast path of an input, for a value: Ajv on the exact JSON Schema with defaulted keys
 * optional, then a copy that gives what zod gives (declared keys only); `REFUSED` for a value
 * it leaves to zod, and for every value of a schema JSON Schema cannot state exactly
 * (refinements, transforms, formats, unions ...).
 *
 * Nothing is compiled before the first value (then once per schema): an app of a thousand
 * routes starts without a thousand Ajv compilations, and a route never called costs none.
 */
export function compileExactInput (schema: z.core.$ZodType): ExactInput {
  let exact = cache.get(schema)
  if (exact === undefined) {
    let compiled: ExactInput | undefined
    exact = (value) => (compiled ??= compile(schema))(value)
    cache.set(schema, exact)
  }
  return exact
}

const refuse: ExactInput = () => REFUSED

function compile (schema: z.core.$ZodType): ExactInput {
  const json = exactJsonSchemas(schema)
  if (json === null) return refuse
  const { check, copy } = inputOf(schema, json.validate)
  const accepts = compileCheck(check)
  if (copy === null) return (value) => accepts(value) ? value : REFUSED
  return (value) => accepts(value) ? copy(value) : REFUSED
}

type Accepts = (value: unknown) => boolean

// Checks by their JSON Schema's text: routes that declare the same shape (`{ item_id: int }`)
// share one compiled function.
const checks = new Map<string, Accepts>()

function compileCheck (check: JsonSchema): Accepts {
  const key = JSON.stringify(check)
  let accepts = checks.get(key)
  // Stryker disable next-line ConditionalExpression: equivalent, compiling again gives the same check; the cache only saves the work
  if (accepts === undefined) {
    try {
      const validate = exactAjv.compile(check)
      accepts = (value) => validate(value)
    } catch {
      // A schema Ajv refuses (a length bound that is no integer, `z.string().min(1.5)`) is only a slower input: zod's.
      accepts = refuseAll
    }
    checks.set(key, accepts)
  }
  return accepts
}

// Stryker disable next-line ArrowFunction: equivalent, undefined is as false as false where it is read
const refuseAll: Accepts = () => false
