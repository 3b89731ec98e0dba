import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

const Item = z.object({ name: z.string() })

describe("Fastify's own errors, in FastAPI's shape", () => {
  it('answers a body over bodyLimit with 413 {"detail": ...}', async () => {
    const app = await buildApp({}, { bodyLimit: 64 })
    app.api.post('/items/', { body: Item }, ({ body }) => body)
    app.api.post('/small/', { body: Item, fastify: { bodyLimit: 8 } }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'x'.repeat(100) } })
    expect(res.statusCode, res.body).toBe(413)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toEqual({ detail: 'Request body is too large' })

    const route = await app.inject({ method: 'POST', url: '/small/', payload: { name: 'Foo Bar' } })
    expect(route.statusCode, route.body).toBe(413)
    expect(route.json()).toEqual({ detail: 'Request body is too large' })
  })

  it('answers a content type no parser reads on a plain Fastify route with 415 {"detail":"Unsupported Media Type"}', async () => {
    // A FastAPI-style route reads it as FastAPI does (a 422, see routing.strict-content-type).
    const app = await buildApp()
    app.post('/items/', async (request) => request.body)

    const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/xml' }, payload: '<item><name>Foo</name></item>' })
    expect(res.statusCode, res.body).toBe(415)
    expect(res.json()).toEqual({ detail: 'Unsupported Media Type' })
  })

  it('answers an error meant for clients (http-errors, @fastify/sensible: `expose`) with its status, message and headers', async () => {
    const app = await buildApp()
    app.get('/me', async () => {
      throw Object.assign(new Error('Token expired'), { statusCode: 401, expose: true, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
    })
    app.get('/gone', async () => { throw Object.assign(new Error(''), { status: 410, expose: true }) })

    const res = await app.inject('/me')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"')
    expect(res.json()).toEqual({ detail: 'Token expired' })

    const gone = await app.inject('/gone')
    expect(gone.statusCode, gone.body).toBe(410)
    expect(gone.json()).toEqual({ detail: 'Gone' })
  })

  it('answers any other error that carries a status (an HTTP client library\'s) as an unhandled 500, leaking neither its message nor its headers', async () => {
    const app = await buildApp()
    app.get('/billing', async () => {
      throw Object.assign(new Error('upstream https://internal-billing.svc:8443/invoices answered 404'), {
        statusCode: 404, headers: { 'set-cookie': 'upstream=secret', server: 'internal' },
      })
    })
    app.get('/upstream', async () => { throw Object.assign(new Error('upstream at 10.0.0.3 timed out'), { statusCode: 504 }) })

    for (const url of ['/billing', '/upstream']) {
      const res = await app.inject(url)
      expect(res.statusCode, res.body).toBe(500)
      expect(res.json()).toEqual({ detail: 'Internal Server Error' })
      expect(res.headers['set-cookie']).toBeUndefined()
      expect(res.body).not.toContain('internal')
    }
  })

  it("answers a Fastify-coded 5xx (a plugin's FST_* error) with its status and reason phrase only", async () => {
    const app = await buildApp()
    app.get('/busy', async () => { throw Object.assign(new Error('event loop delay 812 ms'), { statusCode: 503, code: 'FST_UNDER_PRESSURE' }) })

    const res = await app.inject('/busy')
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toEqual({ detail: 'Service Unavailable' })
  })

  it('answers Ajv querystring errors of a plain Fastify route as 422 items', async () => {
    const app = await buildApp()
    app.get('/search', {
      schema: {
        querystring: {
          type: 'object',
          required: ['q'],
          properties: { q: { type: 'string', minLength: 3 }, limit: { type: 'integer' } },
        },
      },
    }, async (request) => request.query)

    const missing = await app.inject('/search')
    expect(missing.statusCode, missing.body).toBe(422)
    expect(missing.json()).toEqual({ detail: [{ type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null }] })

    const short = await app.inject('/search?q=ab')
    expect(short.statusCode, short.body).toBe(422)
    expect(short.json()).toEqual({
      detail: [{ type: 'string_too_short', loc: ['query', 'q'], msg: 'String should have at least 3 characters', input: 'ab', ctx: { min_length: 3 } }],
    })

    const notInt = await app.inject('/search?q=foo&limit=ten')
    expect(notInt.statusCode, notInt.body).toBe(422)
    expect(notInt.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['query', 'limit'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'ten' }],
    })

    const ok = await app.inject('/search?q=foo&limit=10')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ q: 'foo', limit: 10 })
  })

  it('answers Ajv body errors of a plain Fastify route as 422 items, with the body as the input of a missing field', async () => {
    const app = await buildApp()
    app.post('/items', {
      schema: {
        body: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 3 },
            price: { type: 'number', exclusiveMinimum: 0 },
            count: { type: 'integer' },
            owner: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
            tags: { type: 'array', items: { type: 'string', maxLength: 3 } },
          },
        },
      },
    }, async (request) => request.body)

    const cases: Array<[unknown, unknown]> = [
      [{ price: 1 }, { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { price: 1 } }],
      [{ name: 'ab' }, { type: 'string_too_short', loc: ['body', 'name'], msg: 'String should have at least 3 characters', input: 'ab', ctx: { min_length: 3 } }],
      [{ name: 'Foo', price: 0 }, { type: 'greater_than', loc: ['body', 'price'], msg: 'Input should be greater than 0', input: 0, ctx: { gt: 0 } }],
      [{ name: 'Foo', price: 'cheap' }, { type: 'float_parsing', loc: ['body', 'price'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'cheap' }],
      [{ name: 'Foo', count: { n: 1 } }, { type: 'int_type', loc: ['body', 'count'], msg: 'Input should be a valid integer', input: { n: 1 } }],
      [{ name: 'Foo', owner: {} }, { type: 'missing', loc: ['body', 'owner', 'id'], msg: 'Field required', input: {} }],
      [{ name: 'Foo', tags: ['a', 'long'] }, { type: 'string_too_long', loc: ['body', 'tags', 1], msg: 'String should have at most 3 characters', input: 'long', ctx: { max_length: 3 } }],
    ]
    for (const [payload, expected] of cases) {
      const res = await app.inject({ method: 'POST', url: '/items', payload: payload as object })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json(), JSON.stringify(payload)).toEqual({ detail: [expected] })
    }
  })

  it('answers Ajv params and headers errors with FastAPI\'s path and header locs', async () => {
    const app = await buildApp()
    app.get('/users/:user_id', {
      schema: {
        params: { type: 'object', properties: { user_id: { type: 'integer' } } },
        headers: { type: 'object', required: ['x-token'], properties: { 'x-token': { type: 'string' } } },
      },
    }, async (request) => request.params)

    const badParam = await app.inject({ url: '/users/abc', headers: { 'x-token': 'secret' } })
    expect(badParam.statusCode, badParam.body).toBe(422)
    expect(badParam.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'user_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' }],
    })

    const noHeader = await app.inject('/users/7')
    expect(noHeader.statusCode, noHeader.body).toBe(422)
    expect(noHeader.json()).toEqual({ detail: [{ type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null }] })
  })

  it('refuses a prototype-poisoned JSON body with 400, not a 500', async () => {
    const app = await buildApp()
    app.post('/plain', async (request) => ({ polluted: ({} as Record<string, unknown>).x ?? null, body: request.body }))
    app.api.post('/items/', ({ body }) => ({ body }))

    for (const [url, payload] of [['/plain', '{"__proto__":{"x":1}}'], ['/items/', '{"name":"Foo","constructor":{"prototype":{"x":1}}}']] as const) {
      const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json()).toEqual({ detail: 'Object contains forbidden prototype property' })
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it("follows Fastify's onProtoPoisoning option", async () => {
    const app = await buildApp({}, { onProtoPoisoning: 'remove' })
    app.post('/plain', async (request) => request.body)

    const res = await app.inject({ method: 'POST', url: '/plain', headers: { 'content-type': 'application/json' }, payload: '{"name":"Foo","__proto__":{"x":1}}' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Foo' })
  })
})
