import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { exactAjv } from '../src/inputs/exact-ajv.js'
import { exactJsonSchemas } from '../src/inputs/exact-json-schema.js'
import { compileModelSerializer } from '../src/routing/model-serializer.js'
import type { JsonSchema } from '../src/shared/openapi-types.js'

// The JSON Schemas the compiled response path gets for each shape it knows: `validate` for Ajv,
// `serialize` for fast-json-stringify. A shape that loses a keyword here is only slower (Ajv
// refuses, zod judges), so these are checked as they are, and again below by the values that
// must take the fast path.
const string = { type: 'string' }
const number = { type: 'number' }

const EXACT: Array<[string, z.ZodType, JsonSchema, JsonSchema]> = [
  ['a string', z.string(), string, string],
  ['a string with lengths', z.string().min(1).max(3), { type: 'string', allOf: [{ minCodePoints: 1 }, { maxCodePoints: 3 }] }, string],
  ['a string of one length', z.string().length(2), { type: 'string', allOf: [{ minCodePoints: 2, maxCodePoints: 2 }] }, string],
  ['a flagless regex', z.string().regex(/^[A-Z]{3}$/), { type: 'string', allOf: [{ pattern: '^[A-Z]{3}$' }] }, string],
  ['a number', z.number(), number, number],
  ['inclusive bounds', z.number().min(0).max(1), { type: 'number', allOf: [{ minimum: 0 }, { maximum: 1 }] }, number],
  ['exclusive bounds', z.number().gt(0).lt(1), { type: 'number', allOf: [{ exclusiveMinimum: 0 }, { exclusiveMaximum: 1 }] }, number],
  ['an int', z.int(), { type: 'integer', allOf: [{ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }] }, { type: 'integer' }],
  ['an int with a bound', z.number().int().min(0), { type: 'integer', allOf: [{ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }, { minimum: 0 }] }, { type: 'integer' }],
  ['an int32', z.int32(), { type: 'integer', allOf: [{ minimum: -2147483648, maximum: 2147483647 }] }, { type: 'integer' }],
  ['a uint32', z.uint32(), { type: 'integer', allOf: [{ minimum: 0, maximum: 4294967295 }] }, { type: 'integer' }],
  ['a boolean', z.boolean(), { type: 'boolean' }, { type: 'boolean' }],
  ['null', z.null(), { type: 'null' }, { type: 'null' }],
  ['a literal', z.literal('a'), { enum: ['a'] }, {}],
  ['a null literal', z.literal(null), { enum: [null] }, {}],
  ['a literal of several JSON values', z.literal(['x', 7, false, null]), { enum: ['x', 7, false, null] }, {}],
  ['an enum', z.enum(['low', 'high']), { enum: ['low', 'high'] }, {}],
  ['an object, optional and default keys', z.object({ a: z.string(), b: z.number().optional(), c: z.number().default(1) }), {
    type: 'object',
    properties: { a: string, b: number, c: number },
    required: ['a', 'c'],
    noToJSON: true,
  }, { type: 'object', properties: { a: string, b: number, c: number } }],
  ['a strict object', z.strictObject({ a: z.string() }), {
    type: 'object', properties: { a: string }, required: ['a'], noToJSON: true, additionalProperties: false,
  }, { type: 'object', properties: { a: string } }],
  ['an array with lengths', z.array(z.string()).min(1).max(2), { type: 'array', items: string, allOf: [{ minItems: 1 }, { maxItems: 2 }] }, { type: 'array', items: string }],
  ['a nullable string', z.string().nullable(), { type: ['string', 'null'] }, { type: ['string', 'null'] }],
  ['a nullable int', z.int32().nullable(), { type: ['integer', 'null'], allOf: [{ minimum: -2147483648, maximum: 2147483647 }] }, { type: ['integer', 'null'] }],
  ['a nullable literal', z.literal('a').nullable(), { enum: ['a', null] }, {}],
  ['a nullable object', z.object({}).nullable(), { type: ['object', 'null'], properties: {}, required: [], noToJSON: true }, { anyOf: [{ type: 'object', properties: {} }, { type: 'null' }] }],
  ['a nullable array', z.array(z.boolean()).nullable(), { type: ['array', 'null'], items: { type: 'boolean' } }, { anyOf: [{ type: 'array', items: { type: 'boolean' } }, { type: 'null' }] }],
  ['a nullable null literal', z.literal(null).nullable(), { enum: [null] }, {}],
  ['a nullable null', z.null().nullable(), { type: 'null' }, { type: 'null' }],
  ['a nullable nullable string', z.string().nullable().nullable(), { type: ['string', 'null'] }, { type: ['string', 'null'] }],
  ['a nullable nullable object', z.object({ a: z.string() }).nullable().nullable(), { type: ['object', 'null'], properties: { a: string }, required: ['a'], noToJSON: true }, {
    anyOf: [{ type: 'object', properties: { a: string } }, { type: 'null' }],
  }],
  ['a default', z.number().default(1), number, number],
  ['a readonly', z.string().readonly(), string, string],
]

// What JSON Schema cannot say as zod says it, each with the reason it is zod's.
const ZOD_ONLY: Array<[string, z.ZodType]> = [
  ['a regex with the u flag (counts code points)', z.string().regex(/^.{2}$/u)],
  ['a regex with the y flag (anchored at the start)', z.string().regex(/a/y)],
  ['base64 (its pattern is only the alphabet)', z.string().base64()],
  ['includes at a position', z.string().includes('a', { position: 1 })],
  ['a float32 (its bounds are not kept)', z.float32()],
  ['a float64', z.float64()],
  ['a NaN bound', z.number().max(Number.NaN)],
  ['an infinite bound', z.number().gt(-Infinity)],
  ['a bound that is not a number', z.number().min(1n as unknown as number)],
  ['an empty enum', z.enum([] as unknown as [string])],
  ['an undefined literal', z.literal(undefined)],
  ['a bigint literal', z.literal(1n)],
  ['a NaN literal (JSON has no NaN)', z.literal(Number.NaN)],
  ['an Infinity literal', z.literal(Infinity)],
  ['a literal of JSON and non-JSON values', z.literal(['a', 1n])],
  ['a key named __proto__ (zod skips it)', z.object({ ['__proto__']: z.string() })],
  ['a key named toJSON (Ajv refuses every value that has one)', z.object({ toJSON: z.string() })],
  ['a nullable of what is zod\'s', z.date().nullable()],
]

describe('exactJsonSchemas', () => {
  for (const [name, schema, validate, serialize] of EXACT) {
    it(`states ${name} for Ajv and fast-json-stringify`, () => {
      expect(exactJsonSchemas(schema)).toEqual({ validate, serialize })
    })
  }

  for (const [name, schema] of ZOD_ONLY) {
    it(`leaves ${name} to zod`, () => {
      expect(exactJsonSchemas(schema)).toBeNull()
      expect(exactJsonSchemas(z.object({ value: schema }))).toBeNull()
    })
  }

  // The length keywords decide most strings by `.length` and count code points only between
  // half the bound and the bound: Ajv must agree with zod on both sides of each bound.
  it('judges string lengths as zod does, on both sides of each bound, emoji and lone surrogates included', () => {
    const texts = ['', 'a', 'ab', 'abc', 'abcd', '\u{1F600}', '\u{1F600}\u{1F600}', 'a\u{1F600}', '\u{1F600}\u{1F600}\u{1F600}', '\ud800', '\ud800\ud800', '\udc00a', 'é', '\u{1F600}'.repeat(4)]
    const bounds = [0, 1, 2, 3, 4]
    let judged = 0
    for (const min of bounds) {
      for (const max of bounds.filter((bound) => bound >= min)) {
        const model = z.string().min(min).max(max)
        const accepts = exactAjv.compile(exactJsonSchemas(model)?.validate as JsonSchema)
        for (const text of texts) {
          expect(accepts(text), `${JSON.stringify(text)} in [${min}, ${max}]`).toBe(model.safeParse(text).success)
          judged++
        }
      }
    }
    expect(judged).toBe(15 * texts.length)
  })

  it('leaves an optional outside an object to zod (it may be undefined, which JSON cannot write)', () => {
    expect(exactJsonSchemas(z.string().optional())).toBeNull()
  })
})

// The values on the edge of each shape (a bound itself, null, a key left out) are sent by Ajv
// and fast-json-stringify, as zod would send them, without zod running.
const FAST: Array<[string, z.ZodType, unknown[]]> = [
  ['inclusive bounds', z.number().min(0).max(1), [0, 1]],
  ['exclusive bounds', z.number().gt(0).lt(1), [0.5, Number.MIN_VALUE]],
  ['an int32', z.int32(), [-2147483648, 2147483647]],
  ['a uint32', z.uint32(), [0, 4294967295]],
  ['an int', z.int(), [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]],
  ['a string with lengths', z.string().min(1).max(3), ['a', 'abc']],
  ['an emoji as zod counts it', z.string().max(1), [z.string().max(1).safeParse('\u{1F600}').success ? '\u{1F600}' : 'x']],
  ['a flagless regex', z.string().regex(/^[A-Z]{3}$/), ['ABC']],
  ['a null literal', z.literal(null), [null]],
  ['an enum', z.enum(['low', 'high']), ['low', 'high']],
  ['a nullable string', z.string().nullable(), [null, 'x']],
  ['a nullable array', z.array(z.string()).nullable(), [null, [], ['x']]],
  ['a nullable object', z.object({ a: z.string() }).nullable(), [null, { a: 'x' }]],
  ['a nullable literal', z.literal('a').nullable(), [null, 'a']],
  ['a nullable bounded string', z.string().max(2).nullable(), [null, '', 'ab']],
  ['an optional key', z.object({ q: z.string().optional(), n: z.number() }), [{ n: 1 }, { q: 'x', n: 1 }]],
  ['a default given', z.object({ n: z.number().default(1) }), [{ n: 2 }]],
  ['a readonly', z.object({ tags: z.array(z.string()).readonly() }), [{ tags: ['a'] }]],
  ['a strict object', z.strictObject({ a: z.string() }), [{ a: 'x' }]],
]

describe('the compiled response path takes every exact shape', () => {
  for (const [name, model, values] of FAST) {
    it(`sends ${name} without running zod`, () => {
      const expected = values.map((value) => JSON.stringify(model.parse(value)))
      const serialize = compileModelSerializer(model, 'GET /test')
      const run = vi.spyOn(model._zod, 'run')
      try {
        expect(values.map((value) => serialize(value))).toEqual(expected)
        expect(run).not.toHaveBeenCalled()
      } finally {
        run.mockRestore()
      }
    })
  }
})
