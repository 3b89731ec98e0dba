import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

// FastAPI's "Request Body" tutorial:
//   class Item(BaseModel):
//       name: str
//       description: str | None = None
//       price: float
//       tax: float | None = None
const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().nullable().default(null),
})

async function itemsApp () {
  const app = await buildApp()
  app.api.post('/items/', { body: Item }, ({ body }) => body)
  return app
}

describe('request body', () => {
  it('reads the JSON body into the model and fills the defaults', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', price: 45.2 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Foo', description: null, price: 45.2, tax: null })
  })

  it("uses the model in the handler (the tutorial's price_with_tax)", async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => {
      if (body.tax === null) return body
      return { ...body, price_with_tax: body.price + body.tax }
    })

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', description: 'A very nice Item', price: 35.4, tax: 3.2 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Foo', description: 'A very nice Item', price: 35.4, tax: 3.2, price_with_tax: 35.4 + 3.2 })
  })

  it('combines the body with path and query params', async () => {
    const app = await buildApp()
    app.api.put('/items/{item_id}', {
      params: z.object({ item_id: z.number().int() }),
      query: z.object({ q: z.string().optional() }),
      body: Item,
    }, ({ params, query, body }) => ({ item_id: params.item_id, ...body, ...(query.q === undefined ? {} : { q: query.q }) }))

    const res = await app.inject({ method: 'PUT', url: '/items/5?q=bar', payload: { name: 'Foo', price: 1 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_id: 5, name: 'Foo', description: null, price: 1, tax: null, q: 'bar' })
  })

  it('answers a missing field with missing at ["body", field] and the body as input', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'price'], msg: 'Field required', input: { name: 'Foo' } }],
    })
  })

  it('answers a price that is not a number with float_parsing', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', price: 'twenty' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'float_parsing',
        loc: ['body', 'price'],
        msg: 'Input should be a valid number, unable to parse string as a number',
        input: 'twenty',
      }],
    })
  })

  it('reports every error of the body at once', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 42, tax: 'x' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 42 },
        { type: 'missing', loc: ['body', 'price'], msg: 'Field required', input: { name: 42, tax: 'x' } },
        { type: 'float_parsing', loc: ['body', 'tax'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'x' },
      ],
    })
  })

  it('answers a route with a required body and no body with missing at ["body"]', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }],
    })
  })

  it('answers a JSON null body as a missing body, as FastAPI reads None, and uses the default of an optional one', async () => {
    const app = await itemsApp()
    app.api.put('/maybe/', { body: Item.nullable().default(null) }, ({ body }) => ({ got: body }))

    const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: 'null' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }],
    })
    const optional = await app.inject({ method: 'PUT', url: '/maybe/', headers: { 'content-type': 'application/json' }, payload: 'null' })
    expect(optional.statusCode, optional.body).toBe(200)
    expect(optional.json()).toEqual({ got: null })
  })

  it('answers a JSON array sent to an object model with model_attributes_type', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', payload: [1, 2] })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: [1, 2],
      }],
    })
  })
})

describe('lax coercion in the body, as pydantic does for JSON', () => {
  it('accepts a number sent as a string', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', price: '3.5', tax: '1' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Foo', description: null, price: 3.5, tax: 1 })
  })

  it('accepts 4.0 for an int and answers 4.5 with int_from_float', async () => {
    const app = await buildApp()
    app.api.post('/stock/', { body: z.object({ quantity: z.number().int() }) }, ({ body }) => body)

    const whole = await app.inject({ method: 'POST', url: '/stock/', payload: '{"quantity": 4.0}', headers: { 'content-type': 'application/json' } })
    expect(whole.statusCode, whole.body).toBe(200)
    expect(whole.json()).toEqual({ quantity: 4 })

    const res = await app.inject({ method: 'POST', url: '/stock/', payload: { quantity: 4.5 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'int_from_float',
        loc: ['body', 'quantity'],
        msg: 'Input should be a valid integer, got a number with a fractional part',
        input: 4.5,
      }],
    })
  })

  it('reads bools from strings and 0/1, and answers 2 with bool_parsing', async () => {
    const app = await buildApp()
    app.api.post('/flags/', { body: z.object({ a: z.boolean(), b: z.boolean(), c: z.boolean() }) }, ({ body }) => body)

    const ok = await app.inject({ method: 'POST', url: '/flags/', payload: { a: 'yes', b: 0, c: true } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ a: true, b: false, c: true })

    const res = await app.inject({ method: 'POST', url: '/flags/', payload: { a: 2, b: 'maybe', c: [] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'bool_parsing', loc: ['body', 'a'], msg: 'Input should be a valid boolean, unable to interpret input', input: 2 },
        { type: 'bool_parsing', loc: ['body', 'b'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
        { type: 'bool_type', loc: ['body', 'c'], msg: 'Input should be a valid boolean', input: [] },
      ],
    })
  })

  it('does not turn a number into a string (pydantic does not either)', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 42, price: 1 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 42 }],
    })
  })

  it('coerces inside nested objects and arrays (the "Body - Nested Models" tutorial)', async () => {
    const Image = z.object({ url: z.string(), width: z.number().int() })
    const Offer = z.object({
      name: z.string(),
      price: z.number(),
      tags: z.array(z.number().int()).default([]),
      image: Image.nullable().default(null),
      images: z.array(Image).optional(),
    })
    const app = await buildApp()
    app.api.post('/offers/', { body: Offer }, ({ body }) => body)

    const res = await app.inject({
      method: 'POST',
      url: '/offers/',
      payload: {
        name: 'Foo',
        price: '1.5',
        tags: ['1', 2, '3.0'],
        image: { url: 'http://example.com/a.png', width: '100' },
        images: [{ url: 'http://example.com/b.png', width: '200' }],
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      name: 'Foo',
      price: 1.5,
      tags: [1, 2, 3],
      image: { url: 'http://example.com/a.png', width: 100 },
      images: [{ url: 'http://example.com/b.png', width: 200 }],
    })
  })

  it('reports a nested error at its full loc, with the value as sent', async () => {
    const Image = z.object({ url: z.string(), width: z.number().int() })
    const app = await buildApp()
    app.api.post('/offers/', { body: z.object({ images: z.array(Image) }) }, ({ body }) => body)

    const res = await app.inject({
      method: 'POST',
      url: '/offers/',
      payload: { images: [{ url: 'a', width: '1' }, { url: 'b', width: 'wide' }, { width: 3 }] },
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['body', 'images', 1, 'width'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'wide' },
        { type: 'missing', loc: ['body', 'images', 2, 'url'], msg: 'Field required', input: { width: 3 } },
      ],
    })
  })

  it('coerces a recursive model at every depth', async () => {
    interface Category { id: number, children: Category[] }
    const Category: z.ZodType<Category> = z.object({ id: z.number().int(), get children () { return z.array(Category) } })
    const app = await buildApp()
    app.api.post('/categories/', { body: Category }, ({ body }) => body)

    const res = await app.inject({
      method: 'POST',
      url: '/categories/',
      payload: { id: '1', children: [{ id: '2', children: [{ id: '3', children: [] }] }] },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ id: 1, children: [{ id: 2, children: [{ id: 3, children: [] }] }] })
  })

  it('coerces a body that is a bare list of ints', async () => {
    const app = await buildApp()
    app.api.post('/ids/', { body: z.array(z.number().int()) }, ({ body }) => ({ sum: body.reduce((a, b) => a + b, 0) }))

    const res = await app.inject({ method: 'POST', url: '/ids/', payload: ['1', 2] })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ sum: 3 })
  })

  it('coerces the values of a record (dict[str, int])', async () => {
    const app = await buildApp()
    app.api.post('/weights/', { body: z.record(z.string(), z.number().int()) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/weights/', payload: { a: '1', b: 2 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ a: 1, b: 2 })
  })
})

describe('body defaults and optional bodies', () => {
  it("fills a model's .default()s, including nested ones", async () => {
    const app = await buildApp()
    app.api.post('/items/', {
      body: z.object({
        name: z.string(),
        tags: z.array(z.string()).default([]),
        options: z.object({ gift_wrap: z.boolean().default(false) }).default({ gift_wrap: false }),
      }),
    }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', options: {} } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Foo', tags: [], options: { gift_wrap: false } })
  })

  it('gives an optional body (Item | None = None) as undefined when none is sent', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item.optional() }, ({ body }) => ({ got: body ?? 'nothing' }))

    const none = await app.inject({ method: 'POST', url: '/items/' })
    expect(none.statusCode, none.body).toBe(200)
    expect(none.json()).toEqual({ got: 'nothing' })

    const empty = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: '' })
    expect(empty.statusCode, empty.body).toBe(200)
    expect(empty.json()).toEqual({ got: 'nothing' })

    const some = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', price: '2' } })
    expect(some.statusCode, some.body).toBe(200)
    expect(some.json()).toEqual({ got: { name: 'Foo', description: null, price: 2, tax: null } })
  })

  it('still validates an optional body when one is sent', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item.optional() }, ({ body }) => ({ got: body ?? 'nothing' }))

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'price'], msg: 'Field required', input: { name: 'Foo' } }],
    })
  })
})
