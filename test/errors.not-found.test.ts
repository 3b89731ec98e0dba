import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

describe('404 Not Found and 405 Method Not Allowed', () => {
  it('answers an unknown path with 404 {"detail":"Not Found"} as JSON', async () => {
    const app = await buildApp()
    app.api.get('/items/', () => [])

    const res = await app.inject('/nope')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })

  it('answers 404 on an app with no route at all', async () => {
    const app = await buildApp()

    const res = await app.inject({ method: 'POST', url: '/', payload: { a: 1 } })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })

  it('answers 404 or 405, not a body error, whatever the body of a request no route takes', async () => {
    const app = await buildApp({}, { bodyLimit: 16 })
    app.api.get('/items/', () => [])

    const malformed = await app.inject({ method: 'POST', url: '/nope', headers: { 'content-type': 'application/json' }, payload: '{bad' })
    expect(malformed.statusCode, malformed.body).toBe(404)
    expect(malformed.json()).toEqual({ detail: 'Not Found' })

    const empty = await app.inject({ method: 'POST', url: '/nope', headers: { 'content-type': 'application/json' }, payload: '' })
    expect(empty.statusCode, empty.body).toBe(404)
    expect(empty.json()).toEqual({ detail: 'Not Found' })

    const large = await app.inject({ method: 'POST', url: '/nope', payload: { name: 'a name longer than the limit' } })
    expect(large.statusCode, large.body).toBe(404)
    expect(large.json()).toEqual({ detail: 'Not Found' })

    const wrongMethod = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: '{bad' })
    expect(wrongMethod.statusCode, wrongMethod.body).toBe(405)
    expect(wrongMethod.headers.allow).toBe('GET, HEAD')
    expect(wrongMethod.json()).toEqual({ detail: 'Method Not Allowed' })
  })

  it('answers a known path with a wrong method with 405 and an allow header listing every method of the path', async () => {
    const app = await buildApp()
    app.api.get('/items/', () => [])
    app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ body }) => body)

    const res = await app.inject({ method: 'DELETE', url: '/items/' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers.allow).toBe('GET, HEAD, POST')
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
  })

  it('answers 405 on a path that has exactly one method, a POST', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ body }) => body)

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('POST')
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
  })

  it("answers 405, never a slash redirect, when the path exists for other methods (Starlette's partial match wins)", async () => {
    const app = await buildApp()
    app.api.post('/items', () => 'created')
    app.api.get('/items/', () => [])

    const res = await app.inject('/items')
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.location).toBeUndefined()
    expect(res.headers.allow).toBe('POST')
  })

  it('finds the methods of a path with params', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)
    app.api.put('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)
    app.api.delete('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)

    const res = await app.inject({ method: 'POST', url: '/items/42' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD, PUT, DELETE')
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
  })

  it('is not misled by a query string', async () => {
    const app = await buildApp()
    app.api.get('/items/', () => [])

    const res = await app.inject({ method: 'PATCH', url: '/items/?q=foo&skip=1' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD')
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })

    const unknown = await app.inject({ method: 'PATCH', url: '/other/?q=/items/' })
    expect(unknown.statusCode, unknown.body).toBe(404)
    expect(unknown.json()).toEqual({ detail: 'Not Found' })
  })

  it('finds the methods of routes declared on an APIRouter and on plain Fastify', async () => {
    const app = await buildApp()
    const router = new APIRouter({ prefix: '/users', tags: ['users'] })
    router.get('/{user_id}', { params: z.object({ user_id: z.string() }) }, ({ params }) => params)
    await app.register(router)
    app.put('/users/:user_id', async () => ({ ok: true }))

    const res = await app.inject({ method: 'DELETE', url: '/users/7' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD, PUT')
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
  })
})

describe('trailing slashes', () => {
  it("redirects /items to /items/ with a 307 that keeps the query, as Starlette's redirect_slashes does", async () => {
    const app = await buildApp()
    app.api.get('/items/', () => ['hammer'])

    const res = await app.inject('/items?skip=1')
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('/items/?skip=1')
    expect(res.body).toBe('')
  })

  it('redirects /items/ to /items when only /items exists, for any method', async () => {
    const app = await buildApp()
    app.api.post('/items', () => 'created')

    const res = await app.inject({ method: 'POST', url: '/items/' })
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('/items')
  })

  it('answers 404 when neither spelling has a route', async () => {
    const app = await buildApp()
    app.api.get('/items/', () => [])

    const res = await app.inject('/users')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })

  it('never redirects to another site: a path that would become //host or /\\host answers 404', async () => {
    const app = await buildApp()
    app.api.get('/{name}/', { params: z.object({ name: z.string() }) }, ({ params }) => params)

    for (const url of ['/\\evil.example', '/%2F%2Fevil.example', '/%5Cevil.example']) {
      const res = await app.inject(url)
      expect(res.statusCode, `${url}: ${res.body}`).toBe(404)
      expect(res.headers.location).toBeUndefined()
    }
    expect((await app.inject('/plumbus')).headers.location).toBe('/plumbus/')
  })
})

describe('the slash redirect and backslashes past the first segment', () => {
  it('redirects a path with an encoded backslash after its first segment, which no browser reads as another site', async () => {
    const app = await buildApp()
    app.api.get('/{a}/{b}/', { params: z.object({ a: z.string(), b: z.string() }) }, ({ params }) => params)

    const res = await app.inject('/x/%5Cy')
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('/x/%5Cy/')
  })
})
