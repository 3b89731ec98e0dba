import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

// pydantic's words for `None` given to a field that does not admit it: the field's own
// type error, never `missing` (the key was sent) and never another type's message.
describe('null sent for a field that does not admit it', () => {
  it('reports each field type with its own pydantic type error', async () => {
    const app = await buildApp()
    app.api.post('/items/', {
      body: z.object({
        quantity: z.int(),
        rating: z.number().int().min(0),
        price: z.number(),
        available: z.boolean(),
        name: z.string(),
        tags: z.array(z.string()),
        dimensions: z.object({ width: z.number() }),
        weights: z.record(z.string(), z.number()),
      }),
    }, ({ body }) => body)

    const sent = { quantity: null, rating: null, price: null, available: null, name: null, tags: null, dimensions: null, weights: null }
    const res = await app.inject({ method: 'POST', url: '/items/', payload: sent })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_type', loc: ['body', 'quantity'], msg: 'Input should be a valid integer', input: null },
        { type: 'int_type', loc: ['body', 'rating'], msg: 'Input should be a valid integer', input: null },
        { type: 'float_type', loc: ['body', 'price'], msg: 'Input should be a valid number', input: null },
        { type: 'bool_type', loc: ['body', 'available'], msg: 'Input should be a valid boolean', input: null },
        { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: null },
        { type: 'list_type', loc: ['body', 'tags'], msg: 'Input should be a valid list', input: null },
        { type: 'model_attributes_type', loc: ['body', 'dimensions'], msg: 'Input should be a valid dictionary or object to extract fields from', input: null },
        { type: 'dict_type', loc: ['body', 'weights'], msg: 'Input should be a valid dictionary', input: null },
      ],
    })
  })

  it('reports null for an int item of a list as int_type at the item', async () => {
    const app = await buildApp()
    app.api.post('/numbers/', { body: z.array(z.int()) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/numbers/', payload: [1, null] })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_type', loc: ['body', 1], msg: 'Input should be a valid integer', input: null }],
    })
  })

  it('accepts null for an int field declared nullable', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: z.object({ quantity: z.int().nullable() }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { quantity: null } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ quantity: null })
  })
})

describe('a field not sent at all', () => {
  it('is missing, whether it expects a type, an enum, a literal or a union', async () => {
    const app = await buildApp()
    app.api.post('/items/', {
      body: z.object({ name: z.string(), size: z.enum(['S', 'M', 'L']), kind: z.literal('item'), code: z.union([z.string(), z.int()]) }),
    }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: {} })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: ['name', 'size', 'kind', 'code'].map((field) => ({ type: 'missing', loc: ['body', field], msg: 'Field required', input: {} })),
    })
  })

  it('is missing in the query too, with null as its input', async () => {
    const app = await buildApp()
    app.api.get('/items/', { query: z.object({ size: z.enum(['S', 'M', 'L']) }) }, ({ query }) => query)

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['query', 'size'], msg: 'Field required', input: null }] })
  })
})
