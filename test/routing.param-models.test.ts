import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Cookie, Header, Query } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "Query Parameter Models", "Header Parameter Models" and "Cookie Parameter Models".
const FilterParams = Query(z.strictObject({
  limit: z.int().gt(0).max(100).default(100),
  offset: z.int().min(0).default(0),
  order_by: z.literal(['created_at', 'updated_at']).default('created_at'),
  tags: z.array(z.string()).default([]),
}))

const CommonHeaders = Header(z.object({
  host: z.string(),
  save_data: z.boolean(),
  if_modified_since: z.string().nullable().default(null),
  traceparent: z.string().nullable().default(null),
  x_tag: z.array(z.string()).default([]),
}))

const Cookies = Cookie(z.strictObject({
  session_id: z.string(),
  fatebook_tracker: z.string().nullable().default(null),
  googall_tracker: z.string().nullable().default(null),
}))

async function itemsApp (options: { query?: z.ZodObject, headers?: z.ZodObject, cookies?: z.ZodObject }) {
  const app = await buildApp()
  app.api.get('/items/', options, function read_items ({ query, headers, cookies }) {
    return options.query !== undefined ? query : options.headers !== undefined ? headers : cookies
  })
  return app
}

describe('query parameter models', () => {
  it('reads every query param into one model', async () => {
    const app = await itemsApp({ query: FilterParams })
    const res = await app.inject({ url: '/items/?limit=10&offset=5&order_by=updated_at&tags=tag1&tags=tag2' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ limit: 10, offset: 5, order_by: 'updated_at', tags: ['tag1', 'tag2'] })
  })

  it('fills the defaults of the params not sent', async () => {
    const app = await itemsApp({ query: FilterParams })
    const res = await app.inject({ url: '/items/' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ limit: 100, offset: 0, order_by: 'created_at', tags: [] })
  })

  it('reports each invalid field, a literal with literal_error', async () => {
    const app = await itemsApp({ query: FilterParams })
    const res = await app.inject({ url: '/items/?limit=150&offset=-1&order_by=invalid' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '150', ctx: { le: 100 } },
        { type: 'greater_than_equal', loc: ['query', 'offset'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
        {
          type: 'literal_error', loc: ['query', 'order_by'], msg: "Input should be 'created_at' or 'updated_at'", input: 'invalid',
          ctx: { expected: "'created_at' or 'updated_at'" },
        },
      ],
    })
  })

  it('refuses a param the strict model does not declare', async () => {
    const app = await itemsApp({ query: FilterParams })
    const res = await app.inject({ url: '/items/?limit=10&offset=5&order_by=updated_at&tags=tag1&tags=tag2&tool=plumbus' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'extra_forbidden', loc: ['query', 'tool'], msg: 'Extra inputs are not permitted', input: 'plumbus' }],
    })
  })

  it('documents each field as a query param', async () => {
    const app = await itemsApp({ query: FilterParams })
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    expect(doc.paths['/items/'].get.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', maximum: 100, exclusiveMinimum: 0, default: 100, title: 'Limit' } },
      { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0, title: 'Offset' } },
      { name: 'order_by', in: 'query', required: false, schema: { enum: ['created_at', 'updated_at'], type: 'string', default: 'created_at', title: 'Order By' } },
      { name: 'tags', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' }, default: [], title: 'Tags' } },
    ])
  })
})

describe('header parameter models', () => {
  it('reads each field from its header, underscores as hyphens', async () => {
    const app = await itemsApp({ headers: CommonHeaders })
    const res = await app.inject({
      url: '/items/',
      headers: { host: 'testserver', 'save-data': 'true', 'if-modified-since': 'yesterday', traceparent: '123', 'x-tag': ['one', 'two'] },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ host: 'testserver', save_data: true, if_modified_since: 'yesterday', traceparent: '123', x_tag: ['one', 'two'] })
  })

  it('fills the defaults of the headers not sent', async () => {
    const app = await itemsApp({ headers: CommonHeaders })
    const res = await app.inject({ url: '/items/', headers: { host: 'testserver', 'save-data': 'true' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ host: 'testserver', save_data: true, if_modified_since: null, traceparent: null, x_tag: [] })
  })

  it('locates a missing header by its field name, with every header received as the input', async () => {
    const app = await itemsApp({ headers: CommonHeaders })
    const res = await app.inject({ url: '/items/', headers: { host: 'testserver' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'missing',
        loc: ['header', 'save_data'],
        msg: 'Field required',
        input: { x_tag: [], host: 'testserver', 'user-agent': 'lightMyRequest' },
      }],
    })
  })

  it('ignores the headers a model does not declare', async () => {
    const app = await itemsApp({ headers: CommonHeaders })
    const res = await app.inject({ url: '/items/', headers: { host: 'testserver', 'save-data': 'true', tool: 'plumbus' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ host: 'testserver', save_data: true, if_modified_since: null, traceparent: null, x_tag: [] })
  })

  it('refuses every header a strict model does not declare, the ones every client sends too', async () => {
    const app = await itemsApp({ headers: Header(z.strictObject({ ...CommonHeaders.shape, user_agent: z.string() })) })
    const res = await app.inject({ url: '/items/', headers: { host: 'testserver', 'save-data': 'true', tool: 'plumbus' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'extra_forbidden', loc: ['header', 'tool'], msg: 'Extra inputs are not permitted', input: 'plumbus' }],
    })
  })

  it('reads the header by the field name as written with convertUnderscores: false', async () => {
    const app = await itemsApp({ headers: Header(z.object({ host: z.string(), save_data: z.boolean() }), { convertUnderscores: false }) })
    const res = await app.inject({ url: '/items/', headers: { host: 'testserver', save_data: 'true', 'save-data': 'false' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ host: 'testserver', save_data: true })
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    expect(doc.paths['/items/'].get.parameters[1]).toEqual({ name: 'save_data', in: 'header', required: true, schema: { type: 'boolean', title: 'Save Data' } })
  })

  it('documents each field as its header, titled by the field name', async () => {
    const app = await itemsApp({ headers: CommonHeaders })
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    expect(doc.paths['/items/'].get.parameters).toEqual([
      { name: 'host', in: 'header', required: true, schema: { type: 'string', title: 'Host' } },
      { name: 'save-data', in: 'header', required: true, schema: { type: 'boolean', title: 'Save Data' } },
      { name: 'if-modified-since', in: 'header', required: false, schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'If Modified Since' } },
      { name: 'traceparent', in: 'header', required: false, schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Traceparent' } },
      { name: 'x-tag', in: 'header', required: false, schema: { type: 'array', items: { type: 'string' }, default: [], title: 'X Tag' } },
    ])
  })
})

describe('cookie parameter models', () => {
  it('reads every cookie into one model', async () => {
    const app = await itemsApp({ cookies: Cookies })
    const res = await app.inject({ url: '/items/', cookies: { session_id: '123', fatebook_tracker: '456', googall_tracker: '789' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ session_id: '123', fatebook_tracker: '456', googall_tracker: '789' })
  })

  it('reports a missing cookie with the cookies received as the input', async () => {
    const app = await itemsApp({ cookies: Cookies })
    const res = await app.inject({ url: '/items/' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['cookie', 'session_id'], msg: 'Field required', input: {} }] })
  })

  it('refuses a cookie the strict model does not declare', async () => {
    const app = await itemsApp({ cookies: Cookies })
    const res = await app.inject({ url: '/items/', cookies: { session_id: '123', extra: 'track-me-here-too' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'extra_forbidden', loc: ['cookie', 'extra'], msg: 'Extra inputs are not permitted', input: 'track-me-here-too' }],
    })
  })
})
