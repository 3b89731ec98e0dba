import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "Dependencies" tutorial, one shape at a time.
const fakeItemsDb = [{ item_name: 'Foo' }, { item_name: 'Bar' }, { item_name: 'Baz' }]

describe('dependencies', () => {
  it('gives the handler the value of a sync, an async, a generator and an async-generator dependency', async () => {
    const app = await buildApp()
    const sync = Depends(function sync () { return 'sync' })
    const promised = Depends(async function promised () { return 'async' })
    const generated = Depends(function * generated () { yield 'generator' })
    const asyncGenerated = Depends(async function * asyncGenerated () { yield 'async generator' })
    app.api.get('/kinds', { deps: { sync, promised, generated, asyncGenerated } }, ({ deps }) => deps)

    const res = await app.inject('/kinds')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ sync: 'sync', promised: 'async', generated: 'generator', asyncGenerated: 'async generator' })
  })

  it("shares common query params between routes, as FastAPI's common_parameters does", async () => {
    const app = await buildApp()
    const commonParameters = Depends({
      query: z.object({ q: z.string().optional(), skip: z.number().int().default(0), limit: z.number().int().default(100) }),
    }, async function commonParameters ({ query }) { return query })
    app.api.get('/items/', { deps: { commons: commonParameters } }, ({ deps }) => deps.commons)
    app.api.get('/users/', { deps: { commons: commonParameters } }, ({ deps }) => deps.commons)

    const items = await app.inject('/items/?q=foo&skip=5&limit=30')
    expect(items.statusCode, items.body).toBe(200)
    expect(items.json()).toEqual({ q: 'foo', skip: 5, limit: 30 })
    const users = await app.inject('/users/')
    expect(users.statusCode, users.body).toBe(200)
    expect(users.json()).toEqual({ skip: 0, limit: 100 })
  })

  it("builds a class dependency with new, as FastAPI's Depends(CommonQueryParams)", async () => {
    const app = await buildApp()
    class CommonQueryParams {
      readonly q: string | undefined
      readonly skip: number
      readonly limit: number
      constructor ({ query }: { query: { q?: string | undefined, skip: number, limit: number } }) {
        this.q = query.q
        this.skip = query.skip
        this.limit = query.limit
      }
    }
    const commons = Depends({
      query: z.object({ q: z.string().optional(), skip: z.number().int().default(0), limit: z.number().int().default(100) }),
    }, CommonQueryParams)
    app.api.get('/items/', { deps: { commons } }, ({ deps }) => ({
      isInstance: deps.commons instanceof CommonQueryParams,
      q: deps.commons.q ?? null,
      items: fakeItemsDb.slice(deps.commons.skip, deps.commons.skip + deps.commons.limit),
    }))

    const res = await app.inject('/items/?q=foo&skip=1&limit=1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ isInstance: true, q: 'foo', items: [{ item_name: 'Bar' }] })
    const all = await app.inject('/items/')
    expect(all.json()).toEqual({ isInstance: true, q: null, items: fakeItemsDb })
  })

  it('solves sub-dependencies three levels deep, each with its own params', async () => {
    const app = await buildApp()
    // FastAPI's query_extractor / query_or_cookie_extractor, with one level more.
    const queryExtractor = Depends({ query: z.object({ q: z.string().optional() }) },
      function queryExtractor ({ query }) { return query.q })
    const queryOrCookieExtractor = Depends({ deps: { q: queryExtractor }, cookies: z.object({ last_query: z.string().optional() }) },
      function queryOrCookieExtractor ({ deps, cookies }) { return deps.q ?? cookies.last_query ?? null })
    const labelled = Depends({ deps: { value: queryOrCookieExtractor }, headers: z.object({ x_label: z.string().default('q') }) },
      async function labelled ({ deps, headers }) { return `${headers.x_label}=${deps.value ?? ''}` })
    app.api.get('/query/', { deps: { queryOrDefault: queryOrCookieExtractor, label: labelled } },
      ({ deps }) => ({ q_or_cookie: deps.queryOrDefault, label: deps.label }))

    const fromQuery = await app.inject('/query/?q=fromquery')
    expect(fromQuery.statusCode, fromQuery.body).toBe(200)
    expect(fromQuery.json()).toEqual({ q_or_cookie: 'fromquery', label: 'q=fromquery' })
    const fromCookie = await app.inject({ url: '/query/', headers: { cookie: 'last_query=fromcookie', 'x-label': 'last' } })
    expect(fromCookie.statusCode, fromCookie.body).toBe(200)
    expect(fromCookie.json()).toEqual({ q_or_cookie: 'fromcookie', label: 'last=fromcookie' })
    const neither = await app.inject('/query/')
    expect(neither.json()).toEqual({ q_or_cookie: null, label: 'q=' })
  })

  it("coerces a dependency's own path, query, header and cookie params to their declared types", async () => {
    const app = await buildApp()
    const inputs = Depends({
      params: z.object({ item_id: z.number().int() }),
      query: z.object({ verbose: z.boolean().default(false) }),
      headers: z.object({ x_count: z.number().int() }),
      cookies: z.object({ ratio: z.number() }),
    }, ({ params, query, headers, cookies }) => ({
      item_id: params.item_id,
      verbose: query.verbose,
      x_count: headers.x_count,
      ratio: cookies.ratio,
      types: [typeof params.item_id, typeof query.verbose, typeof headers.x_count, typeof cookies.ratio],
    }))
    app.api.get('/items/{item_id}', { deps: { inputs } }, ({ deps }) => deps.inputs)

    const res = await app.inject({ url: '/items/42?verbose=yes', headers: { 'x-count': '+7', cookie: 'ratio=0.5' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_id: 42, verbose: true, x_count: 7, ratio: 0.5, types: ['number', 'boolean', 'number', 'number'] })
  })

  it("answers 422 with every failing param of a dependency, located as FastAPI locates them", async () => {
    const app = await buildApp()
    const inputs = Depends({
      params: z.object({ item_id: z.number().int() }),
      query: z.object({ verbose: z.boolean().default(false) }),
      headers: z.object({ x_count: z.number().int() }),
      cookies: z.object({ ratio: z.number() }),
    }, () => 'never called')
    let handled = false
    app.api.get('/items/{item_id}', { deps: { inputs } }, () => { handled = true })

    const res = await app.inject({ url: '/items/foo?verbose=maybe', headers: { cookie: 'ratio=half' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' },
        { type: 'bool_parsing', loc: ['query', 'verbose'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
        { type: 'missing', loc: ['header', 'x-count'], msg: 'Field required', input: null },
        { type: 'float_parsing', loc: ['cookie', 'ratio'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'half' },
      ],
    })
    expect(handled).toBe(false)
  })

  it('gives a dependency the request and the reply', async () => {
    const app = await buildApp()
    const requestInfo = Depends(({ request, reply }) => {
      reply.header('x-dependency', 'set')
      return { method: request.method, url: request.url }
    })
    app.api.get('/info', { deps: { info: requestInfo } }, ({ deps }) => deps.info)

    const res = await app.inject('/info?x=1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ method: 'GET', url: '/info?x=1' })
    expect(res.headers['x-dependency']).toBe('set')
  })

  it('gives a dependency without a params schema the path params as strings', async () => {
    const app = await buildApp()
    const itemId = Depends(({ params }) => params.item_id)
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }), deps: { itemId } }, ({ deps }) => ({ itemId: deps.itemId }))

    const res = await app.inject('/items/7')
    expect(res.json()).toEqual({ itemId: '7' })
  })

  it('answers with the HTTPException a dependency raises, and never calls the handler', async () => {
    const app = await buildApp()
    const item = Depends({ params: z.object({ item_id: z.string() }) }, ({ params }) => {
      const found = fakeItemsDb.find((candidate) => candidate.item_name === params.item_id)
      if (found === undefined) throw new HTTPException(404, 'Item not found', { 'X-Error': 'There goes my error' })
      return found
    })
    let handled = 0
    app.api.get('/items/{item_id}', { deps: { item } }, ({ deps }) => { handled++; return deps.item })

    const found = await app.inject('/items/Foo')
    expect(found.statusCode, found.body).toBe(200)
    expect(found.json()).toEqual({ item_name: 'Foo' })
    const missing = await app.inject('/items/Qux')
    expect(missing.statusCode, missing.body).toBe(404)
    expect(missing.json()).toEqual({ detail: 'Item not found' })
    expect(missing.headers['x-error']).toBe('There goes my error')
    expect(handled).toBe(1)
  })

  it('answers a plain error thrown by an async dependency with 500', async () => {
    const app = await buildApp()
    const broken = Depends(async function broken () { throw new Error('database is down') })
    app.api.get('/broken', { deps: { broken } }, () => 'never')

    const res = await app.inject('/broken')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
  })

  it('runs dependencies on routes of an APIRouter and on every method', async () => {
    const app = await buildApp()
    const pagination = Depends({ query: z.object({ skip: z.number().int().default(0) }) }, ({ query }) => query.skip)
    const router = new APIRouter({ prefix: '/items' })
    router.get('/', { deps: { skip: pagination } }, ({ deps }) => ({ method: 'GET', skip: deps.skip }))
    router.post('/', { deps: { skip: pagination }, body: z.object({ name: z.string() }), status: 201 },
      ({ deps, body }) => ({ method: 'POST', skip: deps.skip, name: body.name }))
    await app.register(router)

    const got = await app.inject('/items/?skip=2')
    expect(got.json()).toEqual({ method: 'GET', skip: 2 })
    const posted = await app.inject({ method: 'POST', url: '/items/?skip=3', payload: { name: 'Foo' } })
    expect(posted.statusCode, posted.body).toBe(201)
    expect(posted.json()).toEqual({ method: 'POST', skip: 3, name: 'Foo' })
  })
})
