// Plain Fastify routes validated by Ajv with JSON Schema answer their 422 in FastAPI's words,
// as the library's own routes do: each JSON Schema keyword becomes the pydantic error a
// FastAPI model with the same constraint reports.
import Fastify, { type FastifyServerOptions } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapiErrors } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

async function plainApp (fastifyOptions: FastifyServerOptions = {}) {
  const app = Fastify(fastifyOptions)
  onTestFinished(() => app.close())
  await app.register(fastapiErrors)
  return app
}

const Item = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 3, maxLength: 10 },
    quantity: { type: 'integer', minimum: 1, maximum: 100 },
    price: { type: 'number', exclusiveMinimum: 0 },
    discount: { type: 'number', exclusiveMaximum: 1 },
    pack: { type: 'integer', multipleOf: 5 },
    sku: { type: 'string', pattern: '^[A-Z]{3}-\\d+$' },
    size: { enum: ['s', 'm', 'l'] },
    rating: { enum: [1, 2, 3] },
    kind: { const: 'product' },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, uniqueItems: true },
    on_sale: { type: 'boolean' },
    note: { type: 'null' },
  },
}

describe('Ajv errors of a plain Fastify route, as FastAPI items', () => {
  it('answers each JSON Schema keyword with the item pydantic reports for the same constraint', async () => {
    const app = await plainApp()
    app.post('/items/', { schema: { body: Item } }, async (request) => request.body)

    const cases: Array<[Record<string, unknown>, unknown]> = [
      [{ price: 1 }, { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { price: 1 } }],
      [{ name: 'Fo' }, { type: 'string_too_short', loc: ['body', 'name'], msg: 'String should have at least 3 characters', input: 'Fo', ctx: { min_length: 3 } }],
      [{ name: 'Foo Fighters' }, { type: 'string_too_long', loc: ['body', 'name'], msg: 'String should have at most 10 characters', input: 'Foo Fighters', ctx: { max_length: 10 } }],
      [{ name: 'Foo', quantity: 0 }, { type: 'greater_than_equal', loc: ['body', 'quantity'], msg: 'Input should be greater than or equal to 1', input: 0, ctx: { ge: 1 } }],
      [{ name: 'Foo', quantity: 101 }, { type: 'less_than_equal', loc: ['body', 'quantity'], msg: 'Input should be less than or equal to 100', input: 101, ctx: { le: 100 } }],
      [{ name: 'Foo', price: 0 }, { type: 'greater_than', loc: ['body', 'price'], msg: 'Input should be greater than 0', input: 0, ctx: { gt: 0 } }],
      [{ name: 'Foo', discount: 1 }, { type: 'less_than', loc: ['body', 'discount'], msg: 'Input should be less than 1', input: 1, ctx: { lt: 1 } }],
      [{ name: 'Foo', pack: 12 }, { type: 'multiple_of', loc: ['body', 'pack'], msg: 'Input should be a multiple of 5', input: 12, ctx: { multiple_of: 5 } }],
      [{ name: 'Foo', sku: 'abc-1' }, {
        type: 'string_pattern_mismatch', loc: ['body', 'sku'], msg: "String should match pattern '^[A-Z]{3}-\\d+$'", input: 'abc-1', ctx: { pattern: '^[A-Z]{3}-\\d+$' },
      }],
      [{ name: 'Foo', size: 'xl' }, { type: 'enum', loc: ['body', 'size'], msg: "Input should be 's', 'm' or 'l'", input: 'xl', ctx: { expected: "'s', 'm' or 'l'" } }],
      [{ name: 'Foo', rating: 5 }, { type: 'enum', loc: ['body', 'rating'], msg: 'Input should be 1, 2 or 3', input: 5, ctx: { expected: '1, 2 or 3' } }],
      [{ name: 'Foo', kind: 'service' }, { type: 'literal_error', loc: ['body', 'kind'], msg: "Input should be 'product'", input: 'service', ctx: { expected: "'product'" } }],
      [{ name: 'Foo', tags: [] }, {
        type: 'too_short', loc: ['body', 'tags'], msg: 'List should have at least 1 item after validation, not 0', input: [],
        ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
      }],
      [{ name: 'Foo', tags: ['a', 'b', 'c'] }, {
        type: 'too_long', loc: ['body', 'tags'], msg: 'List should have at most 2 items after validation, not 3', input: ['a', 'b', 'c'],
        ctx: { field_type: 'List', max_length: 2, actual_length: 3 },
      }],
      [{ name: 'Foo', on_sale: 'maybe' }, { type: 'bool_parsing', loc: ['body', 'on_sale'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' }],
      [{ name: 'Foo', on_sale: {} }, { type: 'bool_type', loc: ['body', 'on_sale'], msg: 'Input should be a valid boolean', input: {} }],
      [{ name: 'Foo', note: 'x' }, { type: 'none_required', loc: ['body', 'note'], msg: 'Input should be None', input: 'x' }],
      // uniqueItems has no pydantic constraint: a value_error with Ajv's own message.
      [{ name: 'Foo', tags: ['a', 'a'] }, {
        type: 'value_error', loc: ['body', 'tags'], msg: 'Value error, must NOT have duplicate items (items ## 1 and 0 are identical)', input: ['a', 'a'], ctx: { error: {} },
      }],
    ]
    for (const [payload, expected] of cases) {
      const res = await app.inject({ method: 'POST', url: '/items/', payload })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json(), JSON.stringify(payload)).toEqual({ detail: [expected] })
    }
    const ok = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', quantity: 2, tags: ['a'], kind: 'product' } })
    expect(ok.statusCode, ok.body).toBe(200)
  })

  it('answers string formats as pydantic types do, and a format pydantic has no type for with Ajv\'s message', async () => {
    const app = await plainApp()
    app.post('/users/', {
      schema: {
        body: {
          type: 'object',
          properties: {
            email: { type: 'string', format: 'email' },
            id: { type: 'string', format: 'uuid' },
            birthday: { type: 'string', format: 'date' },
            seen_at: { type: 'string', format: 'date-time' },
            site: { type: 'string', format: 'uri' },
            host: { type: 'string', format: 'hostname' },
          },
        },
      },
    }, async (request) => request.body)

    const cases: Array<[Record<string, unknown>, unknown]> = [
      [{ email: 'rick' }, {
        type: 'value_error', loc: ['body', 'email'], msg: 'value is not a valid email address: An email address must have an @-sign.', input: 'rick',
        ctx: { reason: 'An email address must have an @-sign.' },
      }],
      [{ id: 'not-a-uuid' }, { type: 'uuid_parsing', loc: ['body', 'id'], msg: 'Input should be a valid UUID, invalid format', input: 'not-a-uuid' }],
      [{ birthday: 'not-a-date' }, {
        type: 'date_from_datetime_parsing', loc: ['body', 'birthday'], msg: 'Input should be a valid date or datetime, invalid character in year', input: 'not-a-date',
        ctx: { error: 'invalid character in year' },
      }],
      [{ seen_at: 'not-a-datetime' }, {
        type: 'datetime_from_date_parsing', loc: ['body', 'seen_at'], msg: 'Input should be a valid datetime or date, invalid character in year', input: 'not-a-datetime',
        ctx: { error: 'invalid character in year' },
      }],
      [{ site: 'not a url' }, {
        type: 'url_parsing', loc: ['body', 'site'], msg: 'Input should be a valid URL, relative URL without a base', input: 'not a url', ctx: { error: 'relative URL without a base' },
      }],
      [{ host: '-bad-.example' }, { type: 'value_error', loc: ['body', 'host'], msg: 'Value error, must match format "hostname"', input: '-bad-.example', ctx: { error: {} } }],
    ]
    for (const [payload, expected] of cases) {
      const res = await app.inject({ method: 'POST', url: '/users/', payload })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json(), JSON.stringify(payload)).toEqual({ detail: [expected] })
    }
  })

  it('locates an error by its JSON Pointer: a list index as a number, an object key as a string even of digits, ~1 and ~0 read as / and ~', async () => {
    const app = await plainApp()
    app.post('/orders/', {
      schema: {
        body: {
          type: 'object',
          properties: {
            items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
            counts: { type: 'object', additionalProperties: { type: 'integer' } },
            'size/colour': { type: 'integer' },
            'approx~weight': { type: 'integer' },
          },
        },
      },
    }, async (request) => request.body)

    const items = [...Array.from({ length: 10 }, () => ({ name: 'ok' })), { name: ['not', 'a', 'name'] }]
    const cases: Array<[unknown, unknown]> = [
      [{ items }, { type: 'string_type', loc: ['body', 'items', 10, 'name'], msg: 'Input should be a valid string', input: ['not', 'a', 'name'] }],
      [{ counts: { 10: 'ten', a1: 1 } }, {
        type: 'int_parsing', loc: ['body', 'counts', '10'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'ten',
      }],
      [{ counts: { a1: 'one' } }, {
        type: 'int_parsing', loc: ['body', 'counts', 'a1'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'one',
      }],
      [{ counts: { '1a': 'one' } }, {
        type: 'int_parsing', loc: ['body', 'counts', '1a'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'one',
      }],
      [{ 'size/colour': 'XL red' }, {
        type: 'int_parsing', loc: ['body', 'size/colour'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'XL red',
      }],
      [{ 'approx~weight': 'heavy' }, {
        type: 'int_parsing', loc: ['body', 'approx~weight'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'heavy',
      }],
      // The body itself: FastAPI's loc is ["body"] alone.
      [[{ name: 'Foo' }], {
        type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: [{ name: 'Foo' }],
      }],
    ]
    for (const [payload, expected] of cases) {
      const res = await app.inject({ method: 'POST', url: '/orders/', payload: payload as object })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json(), JSON.stringify(payload)).toEqual({ detail: [expected] })
    }
  })

  it('answers query, path and header errors at FastAPI\'s locs, with the value as sent and null for a missing one', async () => {
    const app = await plainApp()
    app.get('/users/:user_id/items', {
      schema: {
        params: { type: 'object', properties: { user_id: { type: 'integer' } } },
        querystring: { type: 'object', required: ['q'], properties: { q: { type: 'string' }, short: { type: 'boolean' } } },
        headers: { type: 'object', properties: { 'x-token': { type: 'string', minLength: 8 } } },
      },
    }, async (request) => ({ params: request.params, query: request.query }))

    const cases: Array<[string, Record<string, string>, unknown]> = [
      ['/users/rick/items?q=foo', {}, {
        type: 'int_parsing', loc: ['path', 'user_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'rick',
      }],
      ['/users/7/items', {}, { type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null }],
      ['/users/7/items?q=foo&short=maybe', {}, {
        type: 'bool_parsing', loc: ['query', 'short'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe',
      }],
      ['/users/7/items?q=foo', { 'x-token': 'secret' }, {
        type: 'string_too_short', loc: ['header', 'x-token'], msg: 'String should have at least 8 characters', input: 'secret', ctx: { min_length: 8 },
      }],
    ]
    for (const [url, headers, expected] of cases) {
      const res = await app.inject({ url, headers })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json(), url).toEqual({ detail: [expected] })
    }
    const ok = await app.inject({ url: '/users/7/items?q=foo&short=true', headers: { 'x-token': 'secret-token' } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ params: { user_id: 7 }, query: { q: 'foo', short: true } })
  })

  it('reports every error when Ajv is set to find them all (allErrors), in its order', async () => {
    const app = await plainApp({ ajv: { customOptions: { allErrors: true } } })
    app.post('/items/', { schema: { body: Item } }, async (request) => request.body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { quantity: 0, tags: ['a', 'a', 'b'] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { quantity: 0, tags: ['a', 'a', 'b'] } },
        { type: 'greater_than_equal', loc: ['body', 'quantity'], msg: 'Input should be greater than or equal to 1', input: 0, ctx: { ge: 1 } },
        {
          type: 'too_long', loc: ['body', 'tags'], msg: 'List should have at most 2 items after validation, not 3', input: ['a', 'a', 'b'],
          ctx: { field_type: 'List', max_length: 2, actual_length: 3 },
        },
        { type: 'value_error', loc: ['body', 'tags'], msg: 'Value error, must NOT have duplicate items (items ## 1 and 0 are identical)', input: ['a', 'a', 'b'], ctx: { error: {} } },
      ],
    })
  })

  it('reports a key that additionalProperties: false forbids as extra_forbidden, when Ajv refuses it rather than removing it', async () => {
    // Fastify's Ajv removes such keys by default (removeAdditional), as FastAPI's default model ignores them.
    const app = await plainApp({ ajv: { customOptions: { removeAdditional: false } } })
    app.post('/items/', {
      schema: { body: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false } },
    }, async (request) => request.body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', colour: 'red' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'extra_forbidden', loc: ['body', 'colour'], msg: 'Extra inputs are not permitted', input: 'red' }],
    })
  })

  it('names an unknown format or keyword itself when Ajv is set to write no messages', async () => {
    const app = await plainApp({ ajv: { customOptions: { messages: false } } })
    app.post('/hosts/', {
      schema: {
        body: {
          type: 'object',
          properties: { host: { type: 'string', format: 'hostname' }, tags: { type: 'array', uniqueItems: true } },
        },
      },
    }, async (request) => request.body)

    const host = await app.inject({ method: 'POST', url: '/hosts/', payload: { host: '-bad-' } })
    expect(host.statusCode, host.body).toBe(422)
    expect(host.json()).toEqual({ detail: [{ type: 'value_error', loc: ['body', 'host'], msg: 'Value error, invalid format', input: '-bad-', ctx: { error: {} } }] })
    const tags = await app.inject({ method: 'POST', url: '/hosts/', payload: { tags: [1, 1] } })
    expect(tags.statusCode, tags.body).toBe(422)
    expect(tags.json()).toEqual({ detail: [{ type: 'value_error', loc: ['body', 'tags'], msg: 'Value error, uniqueItems', input: [1, 1], ctx: { error: {} } }] })
  })
})

describe('validation errors made elsewhere than by Fastify\'s Ajv', () => {
  it('reads the errors of a validator compiler of one\'s own as Ajv\'s, even on a zod schema: only fastify-type-provider-zod\'s are read again by the schema', async () => {
    const app = await buildApp()
    app.setValidatorCompiler(({ schema }) => (data) => {
      const result = (schema as z.ZodType).safeParse(data)
      if (result.success) return { value: result.data }
      const validation = result.error.issues.map((issue) => ({ keyword: issue.code, instancePath: `/${issue.path.join('/')}`, params: {}, message: issue.message }))
      return { error: Object.assign(new Error('invalid body'), { validation }) }
    })
    app.post('/items/', { schema: { body: z.object({ name: z.string() }) } }, async (request) => request.body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 5 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'value_error', loc: ['body', 'name'], msg: 'Value error, Invalid input: expected string, received number', input: 5, ctx: { error: {} } }],
    })
  })

  it('answers a validation error that lists no errors with an empty detail', async () => {
    const app = await buildApp()
    app.setValidatorCompiler(() => (data) => data === null || typeof data !== 'object' || Array.isArray(data)
      ? { error: Object.assign(new Error('not an object'), { validation: [] }) }
      : { value: data })
    app.post('/items/', { schema: { body: { type: 'object' } } }, async (request) => request.body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: [1] })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [] })
  })

  it('reads an error a handler throws with Ajv\'s `validation` and no `validationContext` as the body\'s', async () => {
    const app = await buildApp()
    app.post('/items/', async () => {
      throw Object.assign(new Error('name too short'), {
        validation: [{ keyword: 'minLength', instancePath: '/name', params: { limit: 3 }, message: 'must NOT have fewer than 3 characters' }],
      })
    })

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Fo' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'string_too_short', loc: ['body', 'name'], msg: 'String should have at least 3 characters', input: 'Fo', ctx: { min_length: 3 } }],
    })
  })
})
