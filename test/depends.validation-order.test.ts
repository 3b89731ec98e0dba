import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const Item = z.object({ name: z.string(), price: z.number() })

// FastAPI's OAuth2PasswordBearer, in essence: a missing token is a 401, not a validation error.
const oauth2Scheme = Depends({ headers: z.object({ authorization: z.string().optional() }) }, function oauth2Scheme ({ headers }) {
  if (headers.authorization?.startsWith('Bearer ') !== true) throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return headers.authorization.slice('Bearer '.length)
})

describe('validation order with dependencies', () => {
  it("lists the dependencies' param errors first, then the route's path, query, header, cookie and body errors, in one 422", async () => {
    const app = await buildApp()
    const pagination = Depends({ query: z.object({ skip: z.number().int(), limit: z.number().int().default(10) }) }, ({ query }) => query)
    const tenant = Depends({ headers: z.object({ x_tenant: z.string() }), cookies: z.object({ region: z.enum(['eu', 'us']) }) }, ({ headers }) => headers.x_tenant)
    app.api.put('/items/{item_id}', {
      deps: { page: pagination, tenant },
      params: z.object({ item_id: z.number().int() }),
      query: z.object({ q: z.number() }),
      headers: z.object({ x_request_id: z.string() }),
      body: Item,
    }, () => 'never')

    const res = await app.inject({
      method: 'PUT',
      url: '/items/foo?skip=one&limit=two&q=x',
      headers: { cookie: 'region=mars' },
      payload: { price: 'free' },
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['query', 'skip'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'one' },
        { type: 'int_parsing', loc: ['query', 'limit'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'two' },
        { type: 'missing', loc: ['header', 'x-tenant'], msg: 'Field required', input: null },
        { type: 'enum', loc: ['cookie', 'region'], msg: "Input should be 'eu' or 'us'", input: 'mars', ctx: { expected: "'eu' or 'us'" } },
        { type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' },
        { type: 'float_parsing', loc: ['query', 'q'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'x' },
        { type: 'missing', loc: ['header', 'x-request-id'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { price: 'free' } },
        { type: 'float_parsing', loc: ['body', 'price'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'free' },
      ],
    })
  })

  it('lists a sub-dependency’s errors before those of the dependency that uses it', async () => {
    const app = await buildApp()
    const inner = Depends({ query: z.object({ inner: z.number().int() }) }, ({ query }) => query.inner)
    const outer = Depends({ deps: { inner }, query: z.object({ outer: z.number().int() }) }, ({ deps, query }) => deps.inner + query.outer)
    app.api.get('/nested', { deps: { outer } }, ({ deps }) => deps.outer)

    const res = await app.inject('/nested')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['query', 'inner'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['query', 'outer'], msg: 'Field required', input: null },
      ],
    })
    expect((await app.inject('/nested?inner=2&outer=3')).json()).toBe(5)
  })

  it('does not call a dependency whose params failed, nor the dependencies that need it', async () => {
    const app = await buildApp()
    const events: string[] = []
    const needsQuery = Depends({ query: z.object({ n: z.number().int() }) }, () => { events.push('needsQuery'); return 1 })
    const dependent = Depends({ deps: { needsQuery } }, () => { events.push('dependent'); return 2 })
    const independent = Depends(() => { events.push('independent'); return 3 })
    app.api.get('/skip', { deps: { dependent, independent } }, () => 'never')

    const res = await app.inject('/skip?n=x')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['query', 'n'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' }],
    })
    expect(events).toEqual(['independent'])
  })

  it('answers a missing token with a bad body 401: the auth dependency runs before the body is validated', async () => {
    const app = await buildApp()
    app.api.post('/items/', { deps: { token: oauth2Scheme }, body: Item, status: 201 }, ({ body }) => body)

    const anonymous = await app.inject({ method: 'POST', url: '/items/', payload: { name: 42 } })
    expect(anonymous.statusCode, anonymous.body).toBe(401)
    expect(anonymous.json()).toEqual({ detail: 'Not authenticated' })
    expect(anonymous.headers['www-authenticate']).toBe('Bearer')

    const authenticated = await app.inject({ method: 'POST', url: '/items/', headers: { authorization: 'Bearer abc' }, payload: { name: 42 } })
    expect(authenticated.statusCode, authenticated.body).toBe(422)
    expect(authenticated.json()).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 42 },
        { type: 'missing', loc: ['body', 'price'], msg: 'Field required', input: { name: 42 } },
      ],
    })

    const created = await app.inject({ method: 'POST', url: '/items/', headers: { authorization: 'Bearer abc' }, payload: { name: 'Foo', price: 3 } })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toEqual({ name: 'Foo', price: 3 })
  })

  it('answers malformed JSON 422 before any dependency runs, as FastAPI parses the body first', async () => {
    const app = await buildApp()
    let calls = 0
    const counted = Depends(() => ++calls)
    app.api.post('/items/', { deps: { token: oauth2Scheme, counted }, body: Item }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: '{"name": ' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'json_invalid', loc: ['body', 9], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }],
    })
    expect(calls).toBe(0)
  })

  it("reports a body a dependency declares at ['body', field], with the route's other errors", async () => {
    const app = await buildApp()
    const owner = Depends({ body: z.object({ owner: z.string() }) }, ({ body }) => body.owner)
    app.api.post('/items/', { deps: { owner }, query: z.object({ dry_run: z.boolean() }) }, ({ deps, query }) => ({ owner: deps.owner, dry_run: query.dry_run }))

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { owner: 7 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'owner'], msg: 'Input should be a valid string', input: 7 },
        { type: 'missing', loc: ['query', 'dry_run'], msg: 'Field required', input: null },
      ],
    })
    const ok = await app.inject({ method: 'POST', url: '/items/?dry_run=true', payload: { owner: 'Rick' } })
    expect(ok.json()).toEqual({ owner: 'Rick', dry_run: true })
  })

  it('reports a param declared alike by a dependency and by the route once', async () => {
    const app = await buildApp()
    const skip = Depends({ query: z.object({ skip: z.number().int() }) }, ({ query }) => query.skip)
    app.api.get('/items', { deps: { skip }, query: z.object({ skip: z.number().int() }) }, ({ deps, query }) => ({ dep: deps.skip, route: query.skip }))

    const res = await app.inject('/items?skip=x')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['query', 'skip'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' }],
    })
    expect((await app.inject('/items?skip=2')).json()).toEqual({ dep: 2, route: 2 })
  })
})
