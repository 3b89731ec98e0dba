import { item, messages, type Loc, type ValidationErrorItem } from '../errors/validation-item.js'
import type { JsonSchema } from '../shared/openapi-types.js'

/**
 * Lax coercion, as pydantic does it before FastAPI validates: "42" -> 42 for an int,
 * "yes" -> true for a bool, "4.0" -> 4 for an int. A value that cannot be coerced is left
 * as it is and reported here with pydantic's parsing error, so zod's own complaint about
 * the same loc is dropped. Coercers are compiled once per route from the input JSON
 * Schema; a schema with nothing to coerce compiles to `null` and costs nothing.
 */
export type Coercer = (value: unknown, loc: Loc, errors: ValidationErrorItem[]) => unknown

// A value's loc is its parent's and its own key (none at the root): a Loc is built of them
// only for an error, or once per list or object for its items. Building one for every key
// of every body was most of coercing a body that needed nothing (profiled).
type Key = string | number | undefined
type Step = (value: unknown, parent: Loc, key: Key, errors: ValidationErrorItem[]) => unknown

function locAt (parent: Loc, key: Key): Loc {
  return key === undefined ? parent : [...parent, key]
}

/** Where strings come from: a URL or header (every value is a string) or a JSON body. */
export type CoerceSource = 'text' | 'json'

// pydantic's lax bool strings (case-insensitive).
const TRUE_STRINGS = new Set(['1', 'on', 't', 'true', 'y', 'yes'])
const FALSE_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no'])
// An int as pydantic reads it from a string: optional sign, digits with single underscores,
// optionally followed by a decimal point and zeros only ("4.0" is 4; "4.5" and "4." are not ints).
const INT_STRING = /^[+-]?\d+(?:_\d+)*(?:\.0+)?$/
// A float as Rust reads one, as pydantic does; pydantic reads "inf" and "nan" too, which
// z.number() refuses, so they are not read here.
const FLOAT_STRING = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Fast path: up to 15 plain digits (almost every int in a path or a query) is read without a
 * regex, a trim or a copy; that was a third of reading a route's inputs (profiled). 15 digits
 * stay below 2^53, so the value is always a safe integer. Anything else is `undefined`, for
 * `parseIntString` to read the slow way.
 */
export function plainDigits (text: string): number | undefined {
  const length = text.length
  if (length === 0 || length > 15) return undefined
  let value = 0
  for (let index = 0; index < length; index++) {
    const digit = text.charCodeAt(index) - 48
    if (digit < 0 || digit > 9) return undefined
    value = value * 10 + digit
  }
  return value
}

export function parseIntString (text: string): number | undefined {
  return plainDigits(text) ?? parseIntText(text)
}

function parseIntText (text: string): number | undefined {
  const trimmed = text.trim()
  if (!INT_STRING.test(trimmed)) return undefined
  // A fraction of zeros only ("4.00") leaves the number as it is. + 0: "-0" is the int 0, as
  // Python reads it, not JavaScript's -0.
  const value = Number(trimmed.replaceAll('_', '')) + 0
  return Number.isSafeInteger(value) ? value : undefined
}

// As pydantic does: the trimmed text; failing that, the text as sent without its underscores,
// none at either end and none doubled ("1_000.5", and "1_.5" too, where Python's float() would not).
export function parseFloatString (text: string): number | undefined {
  const trimmed = text.trim()
  if (FLOAT_STRING.test(trimmed)) return Number(trimmed) + 0 // "-0" is 0 for a handler (see negative-zero.ts)
  if (text.startsWith('_') || text.endsWith('_') || text.includes('__')) return undefined
  const stripped = text.replaceAll('_', '')
  return FLOAT_STRING.test(stripped) ? Number(stripped) + 0 : undefined
}

// Unlike numbers, pydantic does not trim a bool: " true" is not a bool.
export function parseBoolString (text: string): boolean | undefined {
  const lower = text.toLowerCase()
  if (TRUE_STRINGS.has(lower)) return true
  if (FALSE_STRINGS.has(lower)) return false
  return undefined
}

const coerceInteger: Step = (value, parent, key, errors) => {
  if (typeof value === 'string') {
    const parsed = parseIntString(value)
    if (parsed !== undefined) return parsed
    errors.push(item('int_parsing', locAt(parent, key), messages.int_parsing, value))
  } else if (typeof value === 'number' && !Number.isInteger(value)) {
    errors.push(item('int_from_float', locAt(parent, key), messages.int_from_float, value))
  }
  return value
}

const coerceNumber: Step = (value, parent, key, errors) => {
  if (typeof value !== 'string') return value
  const parsed = parseFloatString(value)
  if (parsed !== undefined) return parsed
  errors.push(item('float_parsing', locAt(parent, key), messages.float_parsing, value))
  return value
}

const coerceBoolean: Step = (value, parent, key, errors) => {
  if (typeof value === 'string') {
    const parsed = parseBoolString(value)
    if (parsed !== undefined) return parsed
    errors.push(item('bool_parsing', locAt(parent, key), messages.bool_parsing, value))
  } else if (value === 0 || value === 1) {
    return value === 1
  } else if (Number.isInteger(value)) {
    // pydantic reads 2 as an int it cannot interpret as a bool, not as a wrong type.
    errors.push(item('bool_parsing', locAt(parent, key), messages.bool_parsing, value))
  }
  return value
}

type Scalar = 'integer' | 'number' | 'boolean'
const scalarCoercers: Record<Scalar, Step> = { integer: coerceInteger, number: coerceNumber, boolean: coerceBoolean }

/** The types a schema admits, `undefined` when it admits anything. */
function typesOf (schema: JsonSchema): Set<string> | undefined {
  if (schema.type !== undefined) return new Set(Array.isArray(schema.type) ? schema.type : [schema.type])
  if (schema.const !== undefined) return new Set([jsonTypeOf(schema.const)])
  if (schema.enum !== undefined) return new Set(schema.enum.map(jsonTypeOf))
  return undefined
}

// A number is a 'number', whole or not, as zod types `z.literal(3)`: a value a literal of
// numbers does not list is zod's literal_error, with or without a null among them.
function jsonTypeOf (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function isNullSchema (schema: JsonSchema | undefined): boolean {
  const types = schema === undefined ? undefined : typesOf(schema)
  return types !== undefined && types.size === 1 && types.has('null')
}

// Coerces `source[key]`; copies `source` on the first change, so an input that needs nothing
// is returned as it is.
function coerceKey (
  source: Record<string, unknown>,
  result: Record<string, unknown> | undefined,
  key: string,
  coercer: Step,
  loc: Loc,
  errors: ValidationErrorItem[],
): Record<string, unknown> | undefined {
  const current = source[key]
  // Stryker disable next-line ConditionalExpression: equivalent, every coercer returns undefined as it is; this only saves a call
  if (current === undefined) return result
  const coerced = coercer(current, loc, key, errors)
  if (coerced === current) return result
  const target = result ?? { ...source }
  target[key] = coerced
  return target
}

// The coercer of a schema being compiled, set when it is done. It is never null when a $ref
// back to the schema was met: the call through the cell is a coercer, and every compile keeps
// the coercers of its parts, up to the schema's own.
interface Pending { coercer?: Step | null }

class CoercerCompiler {
  private readonly root: JsonSchema
  private readonly pending = new Map<JsonSchema, Pending>()
  private readonly errorLimit: number

  constructor (root: JsonSchema, errorLimit: number) {
    this.root = root
    this.errorLimit = errorLimit
  }

  compile (schema: JsonSchema): Step | null {
    const resolved = this.resolve(schema)
    if (resolved === undefined) return null
    const inProgress = this.pending.get(resolved)
    // A recursive model ($ref back to a schema being compiled): pydantic coerces at every
    // depth, so call its coercer through the cell, which is filled in before any request.
    if (inProgress !== undefined) return (value, parent, key, errors) => (inProgress.coercer as Step)(value, parent, key, errors)
    const cell: Pending = {}
    this.pending.set(resolved, cell)
    try {
      cell.coercer = this.compileResolved(resolved)
    } finally {
      this.pending.delete(resolved)
    }
    return cell.coercer
  }

  private resolve (schema: JsonSchema): JsonSchema | undefined {
    return schema.$ref === undefined ? schema : resolveRef(schema.$ref, this.root)
  }

  private compileResolved (schema: JsonSchema): Step | null {
    const alternatives = schema.anyOf ?? schema.oneOf
    if (alternatives !== undefined) return this.compileUnion(alternatives)
    const types = typesOf(schema)
    if (types === undefined || types.has('string')) return null
    if (types.has('array')) return this.compileArray(schema)
    if (types.has('object')) return this.compileObject(schema)
    if (types.has('integer') && !types.has('number')) return coerceInteger
    if (types.has('number')) return coerceNumber
    if (types.has('boolean')) return coerceBoolean
    return null
  }

  // `X | None` is coerced as X (every coercer passes null through), objects and lists too.
  // Otherwise pydantic's smart union keeps a string that some member accepts as a string,
  // and coerces to the one scalar type the union admits (null aside).
  private compileUnion (alternatives: JsonSchema[]): Step | null {
    const present = alternatives.filter((alternative) => !isNullSchema(this.resolve(alternative)))
    if (present.length === 1) return this.compile(present[0] as JsonSchema)
    const scalars = new Set<Scalar>()
    for (const alternative of alternatives) {
      const resolved = this.resolve(alternative)
      const types = resolved === undefined ? undefined : typesOf(resolved)
      if (types === undefined) return null
      // A member of any other type compiles nothing: a string one keeps a string as it is,
      // lists and models are left to zod.
      for (const type of types) {
        if (type === 'integer' || type === 'number' || type === 'boolean') scalars.add(type)
        else if (type !== 'null') return null
      }
    }
    if (scalars.size !== 1) return null
    return scalarCoercers[[...scalars][0] as Scalar]
  }

  private compileArray (schema: JsonSchema): Step | null {
    const itemSchema = Array.isArray(schema.items) ? undefined : schema.items
    const itemCoercer = itemSchema === undefined ? null : this.compile(itemSchema)
    if (itemCoercer === null) return null
    const errorLimit = this.errorLimit
    return (value, parent, key, errors) => {
      if (!Array.isArray(value)) return value
      const loc = locAt(parent, key)
      let result: unknown[] | undefined
      // Stryker disable next-line EqualityOperator: equivalent, the index past the end reads undefined, which every coercer returns as it is
      for (let index = 0; index < value.length; index++) {
        // Past the limit the request is refused anyway, and the errors past it are cut.
        if (errors.length > errorLimit) break
        const current: unknown = value[index]
        const coerced = itemCoercer(current, loc, index, errors)
        if (coerced !== current) {
          result ??= [...value]
          result[index] = coerced
        }
      }
      return result ?? value
    }
  }

  private compileObject (schema: JsonSchema): Step | null {
    const properties = schema.properties ?? {}
    const fields: Array<[string, Step]> = []
    for (const [key, property] of Object.entries(properties)) {
      const coercer = this.compile(property)
      if (coercer !== null) fields.push([key, coercer])
    }
    // The values of a record (`dict[str, int]`) or of an object's catchall.
    const additional = typeof schema.additionalProperties === 'object' ? this.compile(schema.additionalProperties) : null
    const intKeys = isIntegerKeys(schema.propertyNames)
    if (fields.length === 0 && additional === null && !intKeys) return null
    const errorLimit = this.errorLimit
    return (value, parent, key, errors) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
      const loc = locAt(parent, key)
      const source = value as Record<string, unknown>
      let result: Record<string, unknown> | undefined
      for (const [name, coercer] of fields) result = coerceKey(source, result, name, coercer, loc, errors)
      // Stryker disable next-line ConditionalExpression: equivalent, with neither the loop does nothing with any key; this only skips it
      if (additional !== null || intKeys) {
        for (const name of Object.keys(source)) {
          if (errors.length > errorLimit) break
          if (Object.hasOwn(properties, name)) continue
          if (intKeys && parseIntString(name) === undefined) errors.push(item('int_parsing', [...loc, name, '[key]'], messages.int_parsing, name))
          if (additional !== null) result = coerceKey(source, result, name, additional, loc, errors)
        }
      }
      return result ?? value
    }
  }
}

// zod writes the keys of `z.record(z.int(), ...)` as strings of this pattern. pydantic parses
// each key of a `dict[int, ...]` as an int and reports a key that is not one on the key itself
// (`[..., "foo", "[key]"]`), where zod only says that a number was expected.
const INTEGER_KEY_PATTERN = '^-?\\d+$'

function isIntegerKeys (propertyNames: unknown): boolean {
  return (propertyNames as JsonSchema | null | undefined)?.pattern === INTEGER_KEY_PATTERN
}

/**
 * Compiles the coercer for one value; `null` when it needs none. Lists and records stop
 * coercing once more than `errorLimit` errors are reported: the values left as sent fail
 * later, past the limit, where the answer cuts them (the limit must be at least the
 * answer's). Up to the limit every value is coerced: one left as sent would be an error.
 */
export function compileCoercer (schema: JsonSchema, root: JsonSchema = schema, errorLimit = Infinity): Coercer | null {
  const step = new CoercerCompiler(root, errorLimit).compile(schema)
  return step === null ? null : (value, loc, errors) => step(value, loc, undefined, errors)
}

/** Whether a schema's values are lists: a query key or header repeated fills them. */
export function isListSchema (schema: JsonSchema, root: JsonSchema): boolean {
  const resolved = schema.$ref === undefined ? schema : resolveRef(schema.$ref, root)
  if (resolved === undefined || resolved === root) return false
  const alternatives = resolved.anyOf ?? resolved.oneOf
  if (alternatives !== undefined) return alternatives.some((alternative) => isListSchema(alternative, root))
  return typesOf(resolved)?.has('array') === true
}

/** Follows a local `$ref` ("#" or "#/$defs/Name"), as zod's JSON Schema writes them. */
function resolveRef (ref: string, root: JsonSchema): JsonSchema | undefined {
  if (ref === '#') return root
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref)
  if (!match) return undefined
  return (root[match[1] as string] as Record<string, JsonSchema> | undefined)?.[decodeURIComponent(match[2] as string)]
}
