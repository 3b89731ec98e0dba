import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ResponseValidationError } from '../src/errors/validation-error.js'
import type { ValidationErrorItem } from '../src/errors/validation-item.js'
import { zodIssuesToItems } from '../src/errors/zod-issues.js'
import { exactJsonSchemas } from '../src/inputs/exact-json-schema.js'
import { compileFilteredSerializer, compileModelSerializer } from '../src/routing/model-serializer.js'
import { compileResponseFilter } from '../src/routing/response-filter.js'
import { parseToIssues } from '../src/errors/zod-parse.js'
import { validSample, variants } from './helpers/near-misses.js'

// The response models of the tests and the bench, and the shapes around them.
const Owner = z.object({ name: z.string() })
const MODELS: Record<string, z.ZodType> = {
  UserOut: z.object({ username: z.string(), email: z.string(), full_name: z.string().nullable().default(null) }),
  Nested: z.object({ name: z.string(), owner: Owner, variants: z.array(z.object({ sku: z.string() })) }),
  List: z.array(z.object({ name: z.string(), price: z.number() })),
  ItemOut: z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()) }),
  ListedItem: z.array(z.object({ id: z.number().int(), name: z.string(), price: z.number(), tags: z.array(z.string()) })),
  Defaults: z.object({ price: z.number(), tax: z.number().default(10.5), tags: z.array(z.string()).default([]) }),
  Bounds: z.object({
    short: z.string().min(1).max(3),
    exact: z.string().length(2),
    skip: z.number().int().min(0),
    limit: z.number().int().max(100),
    ratio: z.number().gt(0).lt(1),
    small: z.int32(),
    count: z.uint32(),
    few: z.array(z.boolean()).min(1).max(2),
  }),
  Choices: z.object({ kind: z.literal('a'), level: z.enum(['low', 'high']), code: z.literal(7), flag: z.literal(true), none: z.null() }),
  Optional: z.object({ q: z.string().optional(), n: z.number().nullable(), o: Owner.nullable(), r: z.string().readonly() }),
  Strict: z.strictObject({ id: z.string(), inner: z.strictObject({ a: z.number() }) }),
  Pattern: z.object({ code: z.string().regex(/^[A-Z]{3}$/) }),
  Scalar: z.number(),
}

// A recursive model, as zod 4 writes one: a getter that returns the model itself.
const Category = z.object({
  name: z.string(),
  get subcategories () { return z.array(Category) },
})

type Outcome = { json: string } | { errors: ValidationErrorItem[] }

// The zod path, written out: zod parses, JSON.stringify writes, a failure is the 500's items.
function throughZod (model: z.ZodType, value: unknown): Outcome {
  const result = parseToIssues(model, value)
  if (result.success) return { json: JSON.stringify(result.data) ?? 'null' }
  const errors: ValidationErrorItem[] = []
  zodIssuesToItems(result.issues, ['response'], value, 'parent', errors)
  return { errors }
}

function throughSerializer (model: z.ZodType, value: unknown): Outcome {
  try {
    return { json: compileModelSerializer(model, 'GET /test')(value) }
  } catch (error) {
    if (error instanceof ResponseValidationError) return { errors: error.errors }
    throw error
  }
}

describe('the compiled response path', () => {
  it('sends a valid value of every model above without running zod', () => {
    for (const [name, model] of Object.entries(MODELS)) {
      expect(exactJsonSchemas(model), name).not.toBeNull()
      const serialize = compileModelSerializer(model, 'GET /test')
      const sample = validSample(model)
      const run = vi.spyOn(model._zod, 'run')
      expect(serialize(sample), name).toBe(JSON.stringify(model.parse(sample)))
      expect(run, name).toHaveBeenCalledTimes(1)   // the parse just above, not the serializer
      run.mockRestore()
    }
  })

  for (const [name, model] of Object.entries(MODELS)) {
    it(`sends what zod + JSON.stringify sends, and fails where it fails, for ${name}`, () => {
      let checked = 0
      let accepted = 0
      for (const value of variants(validSample(model))) {
        const expected = throughZod(model, value)
        const actual = throughSerializer(model, value)
        expect(actual, `${name} with ${String(JSON.stringify(value))}`).toEqual(expected)
        checked++
        if ('json' in expected) accepted++
      }
      expect(checked).toBeGreaterThan(40)
      expect(accepted).toBeGreaterThan(0)
    })
  }

  it('counts string lengths as zod does (an emoji, a lone surrogate)', () => {
    const model = z.object({ s: z.string().max(1) })
    for (const s of ['\u{1F600}', '\u{1F600}\u{1F600}', '\ud800', '\ud800\ud800', 'é', 'ab']) {
      expect(throughSerializer(model, { s }), s).toEqual(throughZod(model, { s }))
    }
  })

  it('writes only the declared keys of a model made nullable twice, as zod does', () => {
    const User = z.object({ name: z.string() })
    for (const model of [User.nullable().nullable(), User.nullable().readonly().nullable(), z.array(User).nullable().nullable()]) {
      for (const value of [{ name: 'a', password: 'secret' }, [{ name: 'a', password: 'secret' }], null]) {
        expect(throughSerializer(model, value)).toEqual(throughZod(model, value))
      }
    }
    expect(compileModelSerializer(User.nullable().nullable(), 'GET /me')({ name: 'a', password: 'secret' })).toBe('{"name":"a"}')
  })

  it('fills a default the value leaves out, as zod does, even one that is a function', () => {
    let calls = 0
    const serialize = compileModelSerializer(z.object({ n: z.number().default(() => ++calls) }), 'GET /test')
    expect(serialize({})).toBe('{"n":1}')
    expect(serialize({})).toBe('{"n":2}')
    expect(serialize({ n: 5 })).toBe('{"n":5}')
  })

  it('keeps zod for what JSON Schema cannot state exactly', () => {
    const zodOnly: Record<string, z.ZodType> = {
      transform: z.object({ name: z.string().transform((name) => name.toUpperCase()) }),
      refine: z.object({ name: z.string().refine((name) => name !== 'root') }),
      trim: z.string().trim(),
      email: z.object({ email: z.email() }),
      'regex with flags': z.string().regex(/^a$/i),
      multipleOf: z.number().multipleOf(0.1),
      union: z.union([z.string(), z.number()]),
      record: z.record(z.string(), z.number()),
      date: z.object({ at: z.date() }),
      bigint: z.bigint(),
      any: z.object({ extra: z.any() }),
      loose: z.looseObject({ id: z.string() }),
      'optional default': z.object({ n: z.number().default(1).optional() }),
      lazy: z.lazy(() => z.string()),
      catch: z.number().catch(0),
      recursive: Category,
    }
    for (const [name, model] of Object.entries(zodOnly)) expect(exactJsonSchemas(model), name).toBeNull()
  })
})

// Schemas one step from an exact one, each with the values that tell zod's answer from what
// Ajv and fast-json-stringify would answer if the schema were taken for exact.
const NEAR_MISSES: Array<[string, z.ZodType, unknown[]]> = [
  // Without `u`, '.' is one UTF-16 unit: '😀' is two of them, one code point.
  ['a regex with the u flag', z.string().regex(/^.{2}$/u), ['\u{1F600}', 'ab']],
  ['a regex with the y flag', z.string().regex(/a/y), ['ba', 'ab']],
  // Ajv is told to compile patterns as zod's flagless RegExp: without `u`.
  ['a flagless regex on an emoji', z.string().regex(/^.$/), ['\u{1F600}', 'x']],
  ['base64, whose pattern is only its alphabet', z.string().base64(), ['abc', 'YWJj']],
  ['includes at a position', z.string().includes('a', { position: 1 }), ['ab', 'ba', '\na']],
  ['a float32, beyond its range', z.float32(), [1e39, 1.5, 2 ** 31]],
  ['inclusive and exclusive bounds', z.object({ min: z.number().min(0), gt: z.number().gt(0), max: z.number().max(1), lt: z.number().lt(1) }),
    [{ min: 0, gt: 0, max: 1, lt: 1 }, { min: 0, gt: 0.5, max: 1, lt: 0.5 }]],
  ['a NaN bound (an unset setting read as a number)', z.object({ n: z.number().max(Number.NaN) }), [{ n: 1 }, { n: -1 }]],
  ['a key named __proto__, which zod skips', z.object({ ['__proto__']: z.string(), name: z.string() }),
    [JSON.parse('{"__proto__":"x","name":"n"}'), { name: 'n' }]],
  ['a key named toJSON', z.object({ toJSON: z.string().optional() }), [{}, { toJSON: 'x' }, { toJSON: () => 'y' }]],
  ['a nullable list of objects, their extra keys stripped', z.array(Owner).nullable(), [[{ name: 'x', secret: 's' }], null]],
  ['a nullable of what is zod\'s', z.object({ at: z.date().nullable() }), [{ at: null }, { at: 'x' }, {}]],
  ['non-JSON literals', z.object({ u: z.literal(['a', 1n]), n: z.literal(Number.NaN).optional(), i: z.literal(Infinity).optional() }),
    [{ u: 'a', n: Number.NaN, i: Infinity }, { u: 1 }, { u: 'a', n: null }]],
  ['an undefined literal', z.literal(undefined), [undefined, null]],
  ['an optional model given nothing', z.string().optional(), [undefined, 'x']],
]

describe('near misses of the compiled response path', () => {
  for (const [name, model, values] of NEAR_MISSES) {
    it(`answers as zod for ${name}`, () => {
      for (const value of values) {
        expect(throughSerializer(model, value), `${name} with ${String(value)}`).toEqual(throughZod(model, value))
      }
    })
  }

  it('sends JSON null for a value JSON.stringify cannot write, as FastAPI sends None', () => {
    const model = z.string().optional()
    expect(compileModelSerializer(model, 'GET /test')(undefined)).toBe('null')
    const filter = compileResponseFilter(model, { excludeUnset: true, excludeDefaults: false, excludeNone: false, include: undefined, exclude: undefined })
    expect(compileFilteredSerializer(model, 'GET /test', filter)(undefined)).toBe('null')
  })

  it('serves a model nested deeper than fast-json-stringify goes (100 levels) with zod, at once', () => {
    let model: z.ZodType = z.string()
    let value: unknown = 'x'
    for (let depth = 0; depth < 101; depth++) {
      model = z.object({ a: model })
      value = { a: value, secret: depth }
    }
    const started = performance.now()
    const serialize = compileModelSerializer(model, 'GET /test')
    expect(performance.now() - started).toBeLessThan(500)
    expect(throughSerializer(model, value)).toEqual(throughZod(model, value))
    expect(serialize(value)).not.toContain('secret')
  })
})

// One refinement on each kind of schema the compiled path knows, each refusing a value JSON Schema would accept.
const REFINED: Record<string, [z.ZodType, unknown]> = {
  boolean: [z.boolean().refine((value) => value), false],
  string: [z.string().refine((value) => value !== 'root'), 'root'],
  number: [z.number().refine((value) => value !== 13), 13],
  int: [z.int().refine((value) => value % 2 === 0), 3],
  literal: [z.literal('a').refine(() => false), 'a'],
  enum: [z.enum(['low', 'high']).refine((value) => value === 'high'), 'low'],
  null: [z.null().refine(() => false), null],
  nullable: [z.string().nullable().refine((value) => value !== null), null],
  default: [z.number().default(1).refine((value) => value > 1), 1],
  readonly: [z.string().readonly().refine((value) => value.length > 1), 'x'],
  array: [z.array(z.int()).refine((value) => value.length !== 2), [1, 2]],
  object: [z.object({ a: z.int(), b: z.int() }).refine((value) => value.a < value.b), { a: 2, b: 1 }],
}

describe('refinements on the compiled response path', () => {
  for (const [name, [schema, refused]] of Object.entries(REFINED)) {
    it(`leaves a refined ${name} to zod, so the value its refinement refuses fails the model`, () => {
      expect(exactJsonSchemas(schema), name).toBeNull()
      const model = z.object({ value: schema })
      expect(exactJsonSchemas(model), name).toBeNull()
      expect(throughSerializer(model, { value: refused }), name).toEqual(throughZod(model, { value: refused }))
      expect(throughSerializer(model, { value: refused }), name).toHaveProperty('errors')
    })
  }
})

describe('parseToIssues', () => {
  // The request models of the routing tests, with invalid and valid inputs.
  const cases: Array<[z.ZodType, unknown[]]> = [
    [z.object({ item_id: z.number().int() }), [{ item_id: 'abc' }, { item_id: 1.5 }, {}, { item_id: 3 }, null]],
    [z.object({ q: z.string().optional(), skip: z.number().int().min(0).default(0), limit: z.number().int().max(100).default(10) }),
      [{}, { skip: -1, limit: 101 }, { q: 5 }, { skip: 1, limit: 20, q: 'foo' }]],
    [z.object({ name: z.string().min(1), price: z.number().gt(0), tags: z.array(z.string()).default([]) }),
      [{ name: '', price: 0 }, { tags: [1, 2] }, 'x', { name: 'a', price: 1 }]],
    [z.object({ email: z.email(), code: z.string().regex(/^a+$/), n: z.string().refine((s) => s.length > 2, 'too short') }),
      [{ email: 'no', code: 'b', n: 'x' }, { email: 'a@b.co', code: 'aa', n: 'xyz' }]],
    [z.strictObject({ a: z.string() }), [{ a: 'x', b: 1 }]],
    [z.union([z.string(), z.object({ a: z.number() })]), [5, { a: 'x' }]],
  ]

  // zod's issues, but an int that got no number at all is expected as an int (pydantic's int_type).
  const asPydanticExpects = (issue: z.core.$ZodIssue, schema: z.ZodType): z.core.$ZodIssue => {
    const field = issue.path.reduce<z.ZodType | undefined>((at, key) => (at as z.ZodObject | undefined)?.shape?.[key as string] as z.ZodType | undefined, schema)
    return issue.code === 'invalid_type' && field instanceof z.ZodNumber && field.isInt && issue.expected === 'number'
      ? { ...issue, expected: 'int' } as z.core.$ZodIssue
      : issue
  }

  it('reports the issues zod\'s safeParse reports, and the same output', () => {
    for (const [schema, values] of cases) {
      for (const value of values) {
        const expected = schema.safeParse(value)
        const actual = parseToIssues(schema, value)
        if (expected.success) expect(actual).toEqual({ success: true, data: expected.data })
        else expect(actual).toEqual({ success: false, issues: expected.error.issues.map((issue) => asPydanticExpects(issue, schema)) })
      }
    }
  })

  it('refuses an async refinement, as safeParse does', () => {
    const schema = z.string().refine(async () => true)
    expect(() => parseToIssues(schema, 'x')).toThrow(z.core.$ZodAsyncError)
  })
})
