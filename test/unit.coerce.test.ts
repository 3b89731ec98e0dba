import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compileCoercer, isListSchema, parseBoolString, parseFloatString, parseIntString, plainDigits, type Coercer } from '../src/inputs/coerce.js'
import type { JsonSchema } from '../src/shared/openapi-types.js'
import type { ValidationErrorItem } from '../src/errors/validation-item.js'

// Runs a compiled coercer the way a route does, returning the value and the errors.
function run (coercer: Coercer | null, value: unknown, loc: ReadonlyArray<string | number> = ['body']): { value: unknown, errors: ValidationErrorItem[] } {
  if (coercer === null) throw new Error('expected a coercer')
  const errors: ValidationErrorItem[] = []
  return { value: coercer(value, loc, errors), errors }
}

const INT_PARSING = 'Input should be a valid integer, unable to parse string as an integer'

describe('parseIntString', () => {
  it.each([
    ['42', 42], ['+4', 4], ['-4', -4], ['0', 0], ['-0', 0], ['007', 7],
    ['4.0', 4], ['4.00', 4], ['-1.0', -1], ['1_000', 1000], ['+4_2.0', 42], [' 42 ', 42], ['\t7\n', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    // The plain-digits fast path (up to 15 digits) and the regex path past it agree.
    ['999999999999999', 999999999999999], ['0000000000000001', 1], ['1234567890123456', 1234567890123456], ['000', 0],
  ])('reads %j as %j', (text, expected) => {
    expect(parseIntString(text)).toBe(expected)
  })

  // Past Number.MAX_SAFE_INTEGER a JS number would silently round, so such ints are refused
  // (pydantic, with Python's big ints, accepts them).
  it.each(['', ' ', 'abc', '4.5', '4.', '.0', '1e3', '0x10', '1__000', '_1', '1_', '4.0_0', '++4', '4 2', 'NaN', 'Infinity',
    '9007199254740993', '\u0663', '1\u0663', '12a'])('refuses %j', (text) => {
    expect(parseIntString(text)).toBeUndefined()
  })
})

// The fast path answers only plain digits it can read exactly; anything else is the slow path's.
describe('plainDigits', () => {
  it.each([
    ['0', 0], ['9', 9], ['7', 7], ['42', 42], ['0123456789', 123456789], ['999999999999999', 999999999999999],
  ])('reads %j as %j', (text, expected) => {
    expect(plainDigits(text)).toBe(expected)
  })

  it.each(['', '1234567890123456', '/', ':', '4/', '4:', '+4', '-4', ' 4', '4.0', '1_000', 'a'])('leaves %j to the slow path', (text) => {
    expect(plainDigits(text)).toBeUndefined()
  })
})

describe('parseFloatString', () => {
  it.each([
    ['3.5', 3.5], ['1e3', 1000], ['1E-2', 0.01], ['-0.5', -0.5], ['-0', 0], ['-0.0e3', 0], ['+2', 2], ['.5', 0.5], ['.25', 0.25], ['5.', 5],
    ['42', 42], ['19.99', 19.99], ['1e10', 1e10], ['1_000.5', 1000.5], ['1_000_000.0', 1000000], ['1.5_55', 1.555], ['.5_5', 0.55], [' 3.5 ', 3.5],
    // pydantic drops every underscore but one at either end or doubled, where Python's float() wants digits on both sides.
    ['1_.5', 1.5], ['1._5', 1.5], ['1e1_0', 1e10], ['-0_0.0', 0],
  ])('reads %j as %j', (text, expected) => {
    expect(parseFloatString(text)).toBe(expected)
  })

  it.each(['', 'abc', '3.5.1', '1e', 'e3', '.', '1__0', '0x10', '3,5',
    // pydantic's own refusals (test_string_with_underscores), and underscores beside a space: pydantic
    // drops the underscores of the text as sent, spaces and all, and a float has no spaces.
    '_1', '_1.0', '1.1__1', '1_0.0_', '1._', '1_0__0.0', ' 1_0', '1_0 ', 'a_1',
    // pydantic reads these as floats; z.number() would refuse them anyway.
    'inf', 'nan', '-Infinity'])('refuses %j', (text) => {
    expect(parseFloatString(text)).toBeUndefined()
  })
})

describe('parseBoolString', () => {
  it.each(['1', 'on', 'ON', 't', 'T', 'true', 'True', 'TRUE', 'y', 'Y', 'yes', 'Yes'])('reads %j as true', (text) => {
    expect(parseBoolString(text)).toBe(true)
  })

  it.each(['0', 'off', 'Off', 'f', 'F', 'false', 'False', 'n', 'N', 'no', 'NO'])('reads %j as false', (text) => {
    expect(parseBoolString(text)).toBe(false)
  })

  it.each(['', 'maybe', '2', '-1', 'truthy', ' true', 'yes '])('refuses %j', (text) => {
    expect(parseBoolString(text)).toBeUndefined()
  })
})

describe('compileCoercer', () => {
  it('compiles nothing for a schema with nothing to coerce', () => {
    expect(compileCoercer({ type: 'string' })).toBeNull()
    expect(compileCoercer({})).toBeNull()
    expect(compileCoercer({ type: 'null' })).toBeNull()
    expect(compileCoercer({ type: 'object', properties: { name: { type: 'string' } } })).toBeNull()
    expect(compileCoercer({ type: 'array', items: { type: 'string' } })).toBeNull()
    expect(compileCoercer({ type: 'array' })).toBeNull()
    expect(compileCoercer({ type: 'string', enum: ['a', 'b'] })).toBeNull()
  })

  it('compiles nothing for a $def used twice that has nothing to coerce', () => {
    const root: JsonSchema = {
      type: 'object',
      properties: { first: { $ref: '#/$defs/Name' }, last: { $ref: '#/$defs/Name' } },
      $defs: { Name: { type: 'string' } },
    }

    expect(compileCoercer(root)).toBeNull()
  })

  it('coerces an integer and reports what it cannot parse', () => {
    const coerce = compileCoercer({ type: 'integer' })

    expect(run(coerce, '42')).toEqual({ value: 42, errors: [] })
    expect(run(coerce, 7)).toEqual({ value: 7, errors: [] })
    expect(run(coerce, 'x', ['query', 'n'])).toEqual({
      value: 'x',
      errors: [{ type: 'int_parsing', loc: ['query', 'n'], msg: INT_PARSING, input: 'x' }],
    })
    expect(run(coerce, 4.5, ['body', 'n'])).toEqual({
      value: 4.5,
      errors: [{ type: 'int_from_float', loc: ['body', 'n'], msg: 'Input should be a valid integer, got a number with a fractional part', input: 4.5 }],
    })
  })

  it('leaves values of other types to the validator', () => {
    const integer = compileCoercer({ type: 'integer' })
    expect(run(integer, null)).toEqual({ value: null, errors: [] })
    expect(run(integer, true)).toEqual({ value: true, errors: [] })
    expect(run(integer, [1])).toEqual({ value: [1], errors: [] })
    expect(run(compileCoercer({ type: 'number' }), {})).toEqual({ value: {}, errors: [] })
  })

  it('coerces a number and a boolean', () => {
    const number = compileCoercer({ type: 'number' })
    expect(run(number, '1e3')).toEqual({ value: 1000, errors: [] })
    expect(run(number, 'abc', ['query', 'price'])).toEqual({
      value: 'abc',
      errors: [{ type: 'float_parsing', loc: ['query', 'price'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'abc' }],
    })

    const boolean = compileCoercer({ type: 'boolean' })
    expect(run(boolean, 'off')).toEqual({ value: false, errors: [] })
    expect(run(boolean, 1)).toEqual({ value: true, errors: [] })
    expect(run(boolean, 0)).toEqual({ value: false, errors: [] })
    expect(run(boolean, 2, ['body', 'b']).errors).toEqual([
      { type: 'bool_parsing', loc: ['body', 'b'], msg: 'Input should be a valid boolean, unable to interpret input', input: 2 },
    ])
    expect(run(boolean, 'maybe', ['query', 'b']).errors).toEqual([
      { type: 'bool_parsing', loc: ['query', 'b'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
    ])
  })

  it('coerces by a const or an enum of numbers', () => {
    expect(run(compileCoercer({ const: 3 }), '3')).toEqual({ value: 3, errors: [] })
    expect(run(compileCoercer({ enum: [1, 2.5] }), '2.5')).toEqual({ value: 2.5, errors: [] })
    // z.literal([1, null]): a number it does not list is left to zod's literal_error, as z.literal([1, 2]) leaves it.
    const withNull = compileCoercer({ enum: [1, null] })
    expect(run(withNull, '1')).toEqual({ value: 1, errors: [] })
    expect(run(withNull, '2.5')).toEqual({ value: 2.5, errors: [] })
    expect(run(withNull, null)).toEqual({ value: null, errors: [] })
  })

  it('coerces a number whose schema stacks constraints in allOf (z.int().multipleOf(2).multipleOf(3))', () => {
    const coerce = compileCoercer({ type: 'integer', multipleOf: 2, allOf: [{ multipleOf: 3 }] })

    expect(run(coerce, '6')).toEqual({ value: 6, errors: [] })
  })

  it('coerces the fields of nested objects, and copies only what changed', () => {
    const coerce = compileCoercer({
      type: 'object',
      properties: {
        name: { type: 'string' },
        price: { type: 'number' },
        image: { type: 'object', properties: { url: { type: 'string' }, width: { type: 'integer' } } },
      },
    })
    const image = { url: 'a.png', width: '100' }
    const input = { name: 'Foo', price: '1.5', image, extra: 'kept' }

    const { value, errors } = run(coerce, input)
    expect(errors).toEqual([])
    expect(value).toEqual({ name: 'Foo', price: 1.5, image: { url: 'a.png', width: 100 }, extra: 'kept' })
    expect(input).toEqual({ name: 'Foo', price: '1.5', image: { url: 'a.png', width: '100' }, extra: 'kept' })

    const unchanged = { name: 'Foo', price: 1.5, image: { url: 'a.png', width: 100 } }
    expect(run(coerce, unchanged).value).toBe(unchanged)
  })

  it('skips absent fields and reports errors at their full loc', () => {
    const coerce = compileCoercer({
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'object', properties: { c: { type: 'boolean' } } } },
    })

    expect(run(coerce, {})).toEqual({ value: {}, errors: [] })
    expect(run(coerce, { a: 'x', b: { c: 'maybe' } }).errors).toEqual([
      { type: 'int_parsing', loc: ['body', 'a'], msg: INT_PARSING, input: 'x' },
      { type: 'bool_parsing', loc: ['body', 'b', 'c'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
    ])
  })

  it('coerces every item of an array, with the index in the loc', () => {
    const coerce = compileCoercer({ type: 'array', items: { type: 'integer' } })
    const { value, errors } = run(coerce, ['1', 2, 'x'], ['query', 'ids'])

    expect(value).toEqual([1, 2, 'x'])
    expect(errors).toEqual([{ type: 'int_parsing', loc: ['query', 'ids', 2], msg: INT_PARSING, input: 'x' }])

    const unchanged = [1, 2]
    expect(run(coerce, unchanged).value).toBe(unchanged)
    expect(run(coerce, 'not a list')).toEqual({ value: 'not a list', errors: [] })
    expect(run(coerce, '12')).toEqual({ value: '12', errors: [] })
  })

  it('stops coercing a list once more than errorLimit errors are reported, and coerces every item up to then', () => {
    const coerce = compileCoercer({ type: 'array', items: { type: 'integer' } }, undefined, 2)
    const { value, errors } = run(coerce, ['a', 'b', '3', 'c', 'd', '6'], ['query', 'ids'])

    // An item left as sent before the limit would be one more error, and the answer would be cut.
    expect(value).toEqual(['a', 'b', 3, 'c', 'd', '6'])
    expect(errors.map((error) => error.loc)).toEqual([['query', 'ids', 0], ['query', 'ids', 1], ['query', 'ids', 3]])
  })

  it('coerces arrays of objects', () => {
    const coerce = compileCoercer({ type: 'array', items: { type: 'object', properties: { qty: { type: 'integer' } } } })

    expect(run(coerce, [{ qty: '1' }, { qty: 2 }]).value).toEqual([{ qty: 1 }, { qty: 2 }])
  })

  it('coerces the values of a record (additionalProperties)', () => {
    const coerce = compileCoercer({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'integer' } })

    expect(run(coerce, { a: '1', b: 2 })).toEqual({ value: { a: 1, b: 2 }, errors: [] })
    expect(compileCoercer({ type: 'object', additionalProperties: false })).toBeNull()
  })

  it('stops coercing a record once more than errorLimit errors are reported, and coerces every value up to then', () => {
    const coerce = compileCoercer({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'integer' } }, undefined, 2)
    const { value, errors } = run(coerce, { a: 'x', b: 'y', c: '3', d: 'z', e: 'w', f: '6' })

    expect(value).toEqual({ a: 'x', b: 'y', c: 3, d: 'z', e: 'w', f: '6' })
    expect(errors.map((error) => error.loc)).toEqual([['body', 'a'], ['body', 'b'], ['body', 'd']])
  })

  it("coerces a catchall's values and leaves the declared fields to their own schemas", () => {
    // z.object({ name: z.string() }).catchall(z.int())
    const coerce = compileCoercer({ type: 'object', properties: { name: { type: 'string' } }, additionalProperties: { type: 'integer' } })

    expect(run(coerce, { name: 'Foo', size: '3' })).toEqual({ value: { name: 'Foo', size: 3 }, errors: [] })
  })

  it('checks the keys of a record of int keys whose values need nothing (dict[int, str])', () => {
    const coerce = compileCoercer({ type: 'object', propertyNames: { type: 'string', pattern: '^-?\\d+$' }, additionalProperties: { type: 'string' } })

    expect(run(coerce, { 1: 'a', x: 'b' })).toEqual({
      value: { 1: 'a', x: 'b' },
      errors: [{ type: 'int_parsing', loc: ['body', 'x', '[key]'], msg: INT_PARSING, input: 'x' }],
    })
  })

  it('coerces X | None as X (anyOf with null), for scalars, objects and arrays', () => {
    const integer = compileCoercer({ anyOf: [{ type: 'integer' }, { type: 'null' }] })
    expect(run(integer, '5').value).toBe(5)
    expect(run(integer, null)).toEqual({ value: null, errors: [] })

    expect(run(compileCoercer({ type: ['number', 'null'] }), '2.5').value).toBe(2.5)

    const object = compileCoercer({ anyOf: [{ type: 'object', properties: { w: { type: 'integer' } } }, { type: 'null' }] })
    expect(run(object, { w: '3' }).value).toEqual({ w: 3 })
    expect(run(object, null).value).toBeNull()

    const array = compileCoercer({ anyOf: [{ type: 'array', items: { type: 'boolean' } }, { type: 'null' }] })
    expect(run(array, ['yes', 'no']).value).toEqual([true, false])
  })

  it('compiles nothing for a union with a string member: a string is kept as it is', () => {
    expect(compileCoercer({ anyOf: [{ type: 'integer' }, { type: 'string' }] })).toBeNull()
    expect(compileCoercer({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBeNull()
    expect(compileCoercer({ type: ['integer', 'string'] })).toBeNull()
    expect(compileCoercer({ anyOf: [{ type: ['string', 'null'] }, { type: 'integer' }] })).toBeNull()
    expect(compileCoercer({ anyOf: [{ type: 'string', minLength: 2 }, { type: 'string', format: 'email' }] })).toBeNull()
    expect(compileCoercer({ enum: [1, 'a'] })).toBeNull()
  })

  it('compiles nothing for a union with a member that admits anything (z.any()) or that names nothing', () => {
    expect(compileCoercer({ anyOf: [{}, { type: 'integer' }] })).toBeNull()
    expect(compileCoercer({ anyOf: [{ $ref: '#/$defs/Missing' }, { type: 'integer' }] })).toBeNull()
  })

  it('coerces a union of one scalar type and compiles nothing for mixed scalars', () => {
    expect(run(compileCoercer({ anyOf: [{ type: 'integer', minimum: 0 }, { type: 'integer', maximum: -10 }] }), '3').value).toBe(3)
    expect(run(compileCoercer({ anyOf: [{ type: 'number', maximum: -1 }, { type: 'number', minimum: 1 }] }), '2.5').value).toBe(2.5)
    expect(run(compileCoercer({ anyOf: [{ type: 'boolean' }, { type: ['boolean', 'null'] }] }), 'yes').value).toBe(true)
    expect(run(compileCoercer({ anyOf: [{ type: 'number', minimum: 5 }, { enum: [1, null] }] }), '1').value).toBe(1)
    expect(compileCoercer({ anyOf: [{ type: 'integer' }, { type: 'boolean' }] })).toBeNull()
    expect(compileCoercer({ anyOf: [{ type: 'object', properties: { a: { type: 'integer' } } }, { type: 'array', items: { type: 'integer' } }] })).toBeNull()
  })

  it('leaves null members out of a union of one scalar type, wherever they are', () => {
    const coerce = compileCoercer({ anyOf: [{ type: 'integer', minimum: 0 }, { type: 'integer', maximum: -10 }, { type: 'null' }] })
    expect(run(coerce, '3').value).toBe(3)
    expect(run(compileCoercer({ anyOf: [{ type: 'integer' }, { const: null }] }), '5').value).toBe(5)
  })

  it('follows $ref into $defs', () => {
    const root: JsonSchema = {
      type: 'object',
      properties: { owner: { $ref: '#/$defs/User' } },
      $defs: { User: { type: 'object', properties: { age: { type: 'integer' } } } },
    }

    expect(run(compileCoercer(root), { owner: { age: '30' } }).value).toEqual({ owner: { age: 30 } })
  })

  it('compiles a recursive $ref once, without looping, and coerces at every depth', () => {
    const root: JsonSchema = {
      type: 'object',
      properties: { id: { type: 'integer' }, children: { type: 'array', items: { $ref: '#' } } },
    }
    const coerce = compileCoercer(root)

    const { value, errors } = run(coerce, { id: '1', children: [{ id: '2', children: [{ id: 'x', children: [] }] }] })
    expect(value).toEqual({ id: 1, children: [{ id: 2, children: [{ id: 'x', children: [] }] }] })
    expect(errors).toEqual([{ type: 'int_parsing', loc: ['body', 'children', 0, 'children', 0, 'id'], msg: INT_PARSING, input: 'x' }])
  })

  it('compiles mutually recursive $defs without looping', () => {
    const root: JsonSchema = {
      $ref: '#/$defs/A',
      $defs: {
        A: { type: 'object', properties: { n: { type: 'integer' }, b: { $ref: '#/$defs/B' } } },
        B: { type: 'object', properties: { flag: { type: 'boolean' }, a: { $ref: '#/$defs/A' } } },
      },
    }

    expect(run(compileCoercer(root), { n: '1', b: { flag: 'yes', a: { n: '2' } } }).value).toEqual({ n: 1, b: { flag: true, a: { n: 2 } } })
  })

  it('passes values through a recursive model that has nothing to coerce', () => {
    const coerce = compileCoercer({ type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } } })
    const tree = { name: 'root', children: [{ name: 'leaf', children: [] }] }

    expect(run(coerce, tree)).toEqual({ value: tree, errors: [] })
    expect(run(coerce, tree).value).toBe(tree)
  })

  it("compiles zod's own JSON Schema for a recursive model", () => {
    interface Category { id: number, children: Category[] }
    const Category: z.ZodType<Category> = z.object({ id: z.number().int(), get children () { return z.array(Category) } })
    const coerce = compileCoercer(z.toJSONSchema(Category, { io: 'input', cycles: 'ref' }) as JsonSchema)

    expect(run(coerce, { id: '1', children: [{ id: '2', children: [] }] }).value).toEqual({ id: 1, children: [{ id: 2, children: [] }] })
  })

  it('ignores an unresolvable $ref', () => {
    expect(compileCoercer({ $ref: 'https://example.com/schema.json' })).toBeNull()
    expect(compileCoercer({ $ref: '#/$defs/Missing' })).toBeNull()
    // Only a local $ref, naming a definition in full, is followed.
    const defs = { Int: { type: 'integer' } }
    expect(compileCoercer({ $ref: 'other.json#/$defs/Int', $defs: defs })).toBeNull()
    expect(compileCoercer({ $ref: '#/$defs/Int\nx', $defs: defs })).toBeNull()
  })
})

describe('isListSchema', () => {
  it('tells lists from single values, through nullable unions and $refs', () => {
    const root: JsonSchema = { $defs: { Tags: { type: 'array', items: { type: 'string' } } } }

    expect(isListSchema({ type: 'array', items: { type: 'string' } }, root)).toBe(true)
    expect(isListSchema({ anyOf: [{ type: 'array', items: { type: 'integer' } }, { type: 'null' }] }, root)).toBe(true)
    expect(isListSchema({ $ref: '#/$defs/Tags' }, root)).toBe(true)
    expect(isListSchema({ type: 'string' }, root)).toBe(false)
    expect(isListSchema({}, root)).toBe(false)
    expect(isListSchema({ $ref: '#' }, root)).toBe(false)
    expect(isListSchema({ $ref: '#/$defs/Missing' }, root)).toBe(false)
    expect(isListSchema({ const: ['a', 'b'] }, root)).toBe(true)
  })

  it('stops at a $ref back to the root rather than following it again', () => {
    const root: JsonSchema = { anyOf: [{ $ref: '#' }, { type: 'null' }] }

    expect(isListSchema({ $ref: '#' }, root)).toBe(false)
  })
})
