import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

// FastAPI's query params are validated by pydantic in lax mode: every value arrives as a
// string and is coerced to the declared type, or reported with pydantic's parsing error.

const INT_PARSING = 'Input should be a valid integer, unable to parse string as an integer'
const FLOAT_PARSING = 'Input should be a valid number, unable to parse string as a number'
const BOOL_PARSING = 'Input should be a valid boolean, unable to interpret input'

async function echoQuery (query: z.ZodObject) {
  const app = await buildApp()
  app.api.get('/items/', { query }, ({ query }) => query)
  return app
}

describe('query coercion', () => {
  describe('int (z.number().int())', () => {
    it.each([
      ['42', 42],
      ['+4', 4],
      ['-4', -4],
      ['4.0', 4],
      ['4.000', 4],
      ['1_000', 1000],
      ['007', 7],
      [' 42 ', 42],
    ])('reads %j as %j', async (sent, expected) => {
      const app = await echoQuery(z.object({ n: z.number().int() }))

      const res = await app.inject({ url: '/items/', query: { n: sent } })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ n: expected })
    })

    // "" is not absent: pydantic gets the empty string and cannot parse it (FastAPI only
    // treats "" as missing for form fields).
    it.each(['4.5', 'abc', '', '4.', '1__000', '_1', '0x10', '1e3'])('answers %j with int_parsing', async (sent) => {
      const app = await echoQuery(z.object({ n: z.number().int() }))

      const res = await app.inject({ url: '/items/', query: { n: sent } })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({
        detail: [{ type: 'int_parsing', loc: ['query', 'n'], msg: INT_PARSING, input: sent }],
      })
    })
  })

  describe('float (z.number())', () => {
    it.each([
      ['3.5', 3.5],
      ['1e3', 1000],
      ['-0.5', -0.5],
      ['.5', 0.5],
      ['42', 42],
      ['1_000.5', 1000.5],
      // pydantic drops the underscores (none at either end, none doubled), then reads the float.
      ['1_.5', 1.5],
      ['1e1_0', 1e10],
    ])('reads %j as %j', async (sent, expected) => {
      const app = await echoQuery(z.object({ price: z.number() }))

      const res = await app.inject({ url: '/items/', query: { price: sent } })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ price: expected })
    })

    it.each(['abc', '', '3.5.1', '1e', '_1.5', '1__0.5', '1.5_', ' 1_0', 'inf'])('answers %j with float_parsing', async (sent) => {
      const app = await echoQuery(z.object({ price: z.number() }))

      const res = await app.inject({ url: '/items/', query: { price: sent } })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({
        detail: [{ type: 'float_parsing', loc: ['query', 'price'], msg: FLOAT_PARSING, input: sent }],
      })
    })
  })

  describe('bool (z.boolean())', () => {
    it.each([
      ['1', true], ['0', false],
      ['on', true], ['OFF', false],
      ['t', true], ['F', false],
      ['True', true], ['false', false],
      ['Y', true], ['n', false],
      ['yes', true], ['No', false],
      ['TRUE', true], ['fAlSe', false],
    ])('reads %j as %j, as pydantic does', async (sent, expected) => {
      const app = await echoQuery(z.object({ short: z.boolean() }))

      const res = await app.inject({ url: '/items/', query: { short: sent } })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ short: expected })
    })

    // pydantic compares the exact string: no trimming, and "2" is not a bool.
    it.each(['maybe', '', '2', ' true'])('answers %j with bool_parsing', async (sent) => {
      const app = await echoQuery(z.object({ short: z.boolean() }))

      const res = await app.inject({ url: '/items/', query: { short: sent } })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({
        detail: [{ type: 'bool_parsing', loc: ['query', 'short'], msg: BOOL_PARSING, input: sent }],
      })
    })
  })

  describe('lists', () => {
    it('collects a repeated key into a list (?tag=a&tag=b)', async () => {
      const app = await echoQuery(z.object({ tag: z.array(z.string()) }))

      const res = await app.inject('/items/?tag=a&tag=b')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ tag: ['a', 'b'] })
    })

    it('makes a list of one from a key sent once', async () => {
      const app = await echoQuery(z.object({ tag: z.array(z.string()) }))

      const res = await app.inject('/items/?tag=a')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ tag: ['a'] })
    })

    it('coerces every item of a list of ints', async () => {
      const app = await echoQuery(z.object({ ids: z.array(z.number().int()) }))

      const res = await app.inject('/items/?ids=1&ids=%2B2&ids=3.0')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ ids: [1, 2, 3] })
    })

    it('reports a bad item of a list at its index', async () => {
      const app = await echoQuery(z.object({ ids: z.array(z.number().int()) }))

      const res = await app.inject('/items/?ids=1&ids=x&ids=3')
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({
        detail: [{ type: 'int_parsing', loc: ['query', 'ids', 1], msg: INT_PARSING, input: 'x' }],
      })
    })

    it('gives a list its default when the key is absent', async () => {
      const app = await echoQuery(z.object({ tag: z.array(z.string()).default(['foo', 'bar']) }))

      const res = await app.inject('/items/')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ tag: ['foo', 'bar'] })
    })

    it('answers a required list that is absent with missing', async () => {
      const app = await echoQuery(z.object({ tag: z.array(z.string()) }))

      const res = await app.inject('/items/')
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({
        detail: [{ type: 'missing', loc: ['query', 'tag'], msg: 'Field required', input: null }],
      })
    })

    it('collects a repeated key into an optional list', async () => {
      const app = await echoQuery(z.object({ q: z.array(z.string()).optional() }))

      const res = await app.inject('/items/?q=foo&q=bar')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ q: ['foo', 'bar'] })
    })

    it('collects a repeated key into a nullable list with a default', async () => {
      const app = await echoQuery(z.object({ q: z.array(z.string()).nullable().default(null) }))

      expect((await app.inject('/items/?q=foo&q=bar')).json()).toEqual({ q: ['foo', 'bar'] })
      expect((await app.inject('/items/')).json()).toEqual({ q: null })
    })
  })

  it('takes the last value of a repeated key for a field that is not a list', async () => {
    const app = await echoQuery(z.object({ q: z.string(), skip: z.number().int() }))

    const res = await app.inject('/items/?q=first&q=last&skip=1&skip=2')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ q: 'last', skip: 2 })
  })

  it("applies defaults when params are absent (FastAPI's skip: int = 0, limit: int = 10)", async () => {
    const app = await echoQuery(z.object({ skip: z.number().int().default(0), limit: z.number().int().default(10) }))

    expect((await app.inject('/items/')).json()).toEqual({ skip: 0, limit: 10 })
    expect((await app.inject('/items/?skip=20')).json()).toEqual({ skip: 20, limit: 10 })
  })

  it('leaves an optional param that is absent out of the query object', async () => {
    const app = await buildApp()
    app.api.get('/items/', { query: z.object({ q: z.string().optional(), n: z.number().int().optional() }) },
      ({ query }) => ({ keys: Object.keys(query), query }))

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ keys: [], query: {} })
  })

  it('gives null to an absent param declared `str | None = None`', async () => {
    const app = await echoQuery(z.object({ q: z.string().nullable().default(null) }))

    expect((await app.inject('/items/')).json()).toEqual({ q: null })
    expect((await app.inject('/items/?q=foo')).json()).toEqual({ q: 'foo' })
  })

  it('coerces an optional or nullable number when it is sent', async () => {
    const app = await echoQuery(z.object({ a: z.number().int().optional(), b: z.number().nullable().default(null) }))

    const res = await app.inject('/items/?a=3&b=2.5')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ a: 3, b: 2.5 })
  })

  it('answers a missing required param with missing and input null', async () => {
    const app = await echoQuery(z.object({ needy: z.string() }))

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['query', 'needy'], msg: 'Field required', input: null }],
    })
  })

  it('reads an enum (z.enum) and answers another value with enum and ctx.expected', async () => {
    const app = await echoQuery(z.object({ model: z.enum(['a', 'b', 'c']) }))

    expect((await app.inject('/items/?model=b')).json()).toEqual({ model: 'b' })

    const res = await app.inject('/items/?model=d')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'enum',
        loc: ['query', 'model'],
        msg: "Input should be 'a', 'b' or 'c'",
        input: 'd',
        ctx: { expected: "'a', 'b' or 'c'" },
      }],
    })
  })

  // pydantic answers a value a Literal does not list with literal_error; a null among the
  // numbers (Literal[1, None]) changes nothing.
  it('answers a number a literal does not list with literal_error, with or without null among its values', async () => {
    const app = await echoQuery(z.object({ size: z.literal([1, 2]).optional(), page: z.literal([1, null]).optional() }))

    const res = await app.inject('/items/?size=2.5&page=2.5')
    expect(res.statusCode, res.body).toBe(422)
    const detail = res.json().detail as Array<Record<string, unknown>>
    expect(detail.map(({ type, loc, input }) => ({ type, loc, input }))).toEqual([
      { type: 'literal_error', loc: ['query', 'size'], input: '2.5' },
      { type: 'literal_error', loc: ['query', 'page'], input: '2.5' },
    ])
    expect(detail[0]).toMatchObject({ msg: 'Input should be 1 or 2', ctx: { expected: '1 or 2' } })
  })

  it('coerces an int with stacked constraints (z.int().multipleOf(2).multipleOf(3))', async () => {
    const app = await echoQuery(z.object({ n: z.int().multipleOf(2).multipleOf(3) }))

    const res = await app.inject('/items/?n=6')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ n: 6 })
  })

  it('coerces an int constrained to >= 0 and answers -1 with greater_than_equal, input as sent', async () => {
    const app = await echoQuery(z.object({ skip: z.number().int().min(0) }))

    expect((await app.inject('/items/?skip=0')).json()).toEqual({ skip: 0 })

    const res = await app.inject('/items/?skip=-1')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'greater_than_equal',
        loc: ['query', 'skip'],
        msg: 'Input should be greater than or equal to 0',
        input: '-1',
        ctx: { ge: 0 },
      }],
    })
  })

  it('answers a string longer than max(3) with string_too_long', async () => {
    const app = await echoQuery(z.object({ q: z.string().max(3) }))

    const res = await app.inject('/items/?q=abcd')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'string_too_long',
        loc: ['query', 'q'],
        msg: 'String should have at most 3 characters',
        input: 'abcd',
        ctx: { max_length: 3 },
      }],
    })
  })

  it('keeps a numeric-looking value a string when the field is a string', async () => {
    const app = await echoQuery(z.object({ q: z.string(), r: z.union([z.number().int(), z.string()]) }))

    const res = await app.inject('/items/?q=42&r=42')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ q: '42', r: '42' })
  })

  it('works with z.coerce.number(), as users often write it', async () => {
    const app = await echoQuery(z.object({ skip: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().max(100).default(10) }))

    expect((await app.inject('/items/?skip=5&limit=20')).json()).toEqual({ skip: 5, limit: 20 })
    expect((await app.inject('/items/')).json()).toEqual({ skip: 0, limit: 10 })

    const res = await app.inject('/items/?skip=abc&limit=101')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['query', 'skip'], msg: INT_PARSING, input: 'abc' },
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '101', ctx: { le: 100 } },
      ],
    })
  })

  it('reports every bad param of the request at once, in declaration order', async () => {
    const app = await echoQuery(z.object({
      needy: z.string(), n: z.number().int(), q: z.string().max(1), price: z.number(), short: z.boolean(),
    }))

    const res = await app.inject('/items/?short=z&price=y&q=long&n=x')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['query', 'needy'], msg: 'Field required', input: null },
        { type: 'int_parsing', loc: ['query', 'n'], msg: INT_PARSING, input: 'x' },
        { type: 'string_too_long', loc: ['query', 'q'], msg: 'String should have at most 1 character', input: 'long', ctx: { max_length: 1 } },
        { type: 'float_parsing', loc: ['query', 'price'], msg: FLOAT_PARSING, input: 'y' },
        { type: 'bool_parsing', loc: ['query', 'short'], msg: BOOL_PARSING, input: 'z' },
      ],
    })
  })

  it('reads a query param under its alias (FastAPI\'s Query(alias="item-query"))', async () => {
    const app = await echoQuery(z.object({ q: z.string().meta({ alias: 'item-query' }) }))

    expect((await app.inject('/items/?item-query=foo')).json()).toEqual({ q: 'foo' })

    const res = await app.inject('/items/?q=foo')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['query', 'item-query'], msg: 'Field required', input: null }],
    })
  })

  it('ignores query params the route does not declare', async () => {
    const app = await echoQuery(z.object({ q: z.string().optional() }))

    const res = await app.inject('/items/?q=a&other=b')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ q: 'a' })
  })
})

describe('a query model that forbids extra params', () => {
  it("answers an unknown query param with extra_forbidden, as FastAPI's extra=\"forbid\" does", async () => {
    const app = await buildApp()
    app.api.get('/items/', { query: z.strictObject({ limit: z.number().int().default(100) }) }, ({ query }) => query)

    expect((await app.inject('/items/?limit=5')).json()).toEqual({ limit: 5 })
    const res = await app.inject('/items/?limit=5&tool=plumbus')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'extra_forbidden', loc: ['query', 'tool'], msg: 'Extra inputs are not permitted', input: 'plumbus' }],
    })
  })

  it('reports a "__proto__" query key as an extra param, never as the prototype of the params', async () => {
    const app = await buildApp()
    app.api.get('/strict', { query: z.strictObject({ limit: z.number().int().default(100) }) }, ({ query }) => query)

    const res = await app.inject('/strict?__proto__=a&__proto__=b')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'extra_forbidden', loc: ['query', '__proto__'], msg: 'Extra inputs are not permitted', input: ['a', 'b'] }],
    })
  })
})
