import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { HTTPException, fastapiErrors } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

describe('HTTPException', () => {
  it('answers {"detail": detail} with its status, as in FastAPI\'s "Handling Errors" example', async () => {
    const app = await buildApp()
    const items: Record<string, string> = { foo: 'The Foo Wrestlers' }
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => {
      const item = items[params.item_id]
      if (item === undefined) throw new HTTPException(404, 'Item not found')
      return { item }
    })

    const found = await app.inject('/items/foo')
    expect(found.statusCode, found.body).toBe(200)
    expect(found.json()).toEqual({ item: 'The Foo Wrestlers' })

    const res = await app.inject('/items/bar')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toEqual({ detail: 'Item not found' })
  })

  it('sends a detail that is an object, an array or a number as the JSON it is', async () => {
    const app = await buildApp()
    app.api.get('/object', () => { throw new HTTPException(400, { code: 'E42', fields: ['name'], retry: false }) })
    app.api.get('/array', () => { throw new HTTPException(409, [{ id: 1 }, 'two', 3]) })
    app.api.get('/number', () => { throw new HTTPException(429, 30) })

    const object = await app.inject('/object')
    expect(object.statusCode, object.body).toBe(400)
    expect(object.json()).toEqual({ detail: { code: 'E42', fields: ['name'], retry: false } })

    const array = await app.inject('/array')
    expect(array.statusCode, array.body).toBe(409)
    expect(array.json()).toEqual({ detail: [{ id: 1 }, 'two', 3] })

    const number = await app.inject('/number')
    expect(number.statusCode, number.body).toBe(429)
    expect(number.json()).toEqual({ detail: 30 })
  })

  it('adds its headers to the response, as in "Add custom headers"', async () => {
    const app = await buildApp()
    app.api.get('/items-header/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => {
      throw new HTTPException(404, `Item ${params.item_id} not found`, { 'X-Error': 'There goes my error' })
    })
    app.api.get('/users/me', () => {
      throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
    })

    const res = await app.inject('/items-header/bar')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers['x-error']).toBe('There goes my error')
    expect(res.json()).toEqual({ detail: 'Item bar not found' })

    const me = await app.inject('/users/me')
    expect(me.statusCode, me.body).toBe(401)
    expect(me.headers['www-authenticate']).toBe('Bearer')
    expect(me.json()).toEqual({ detail: 'Could not validate credentials' })
  })

  it("defaults the detail to the status' reason phrase", async () => {
    const app = await buildApp()
    app.api.get('/forbidden', () => { throw new HTTPException(403) })
    app.api.get('/teapot', () => { throw new HTTPException(418) })
    app.api.get('/unavailable', () => { throw new HTTPException(503) })
    app.api.get('/none', () => { throw new HTTPException(400, null) }) // FastAPI's detail=None

    const forbidden = await app.inject('/forbidden')
    expect(forbidden.statusCode, forbidden.body).toBe(403)
    expect(forbidden.json()).toEqual({ detail: 'Forbidden' })

    const teapot = await app.inject('/teapot')
    expect(teapot.statusCode, teapot.body).toBe(418)
    expect(teapot.json()).toEqual({ detail: "I'm a Teapot" })

    const unavailable = await app.inject('/unavailable')
    expect(unavailable.statusCode, unavailable.body).toBe(503)
    expect(unavailable.json()).toEqual({ detail: 'Service Unavailable' })

    const none = await app.inject('/none')
    expect(none.json()).toEqual({ detail: 'Bad Request' })
  })

  it('keeps status, detail, headers and message on the exception', () => {
    const error = new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('HTTPException')
    expect(error.status).toBe(401)
    expect(error.statusCode).toBe(401)
    expect(error.detail).toBe('Could not validate credentials')
    expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer' })
    expect(error.message).toBe('Could not validate credentials')
    expect(new HTTPException(400, { code: 'E42' }).message).toBe('{"code":"E42"}')
    expect(new HTTPException(404).detail).toBe('Not Found')
  })

  it('answers the same way from a plain Fastify route', async () => {
    const app = await buildApp()
    app.get('/plain/:id', async () => { throw new HTTPException(404, 'Item not found', { 'X-Error': 'plain' }) })
    app.post('/plain', async () => { throw new HTTPException(400, { reason: 'bad' }) })

    const res = await app.inject('/plain/1')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers['x-error']).toBe('plain')
    expect(res.json()).toEqual({ detail: 'Item not found' })

    const post = await app.inject({ method: 'POST', url: '/plain', payload: { a: 1 } })
    expect(post.statusCode, post.body).toBe(400)
    expect(post.json()).toEqual({ detail: { reason: 'bad' } })
  })

  it('answers in the same shape from an onRequest hook', async () => {
    const app = await buildApp()
    app.addHook('onRequest', async (request) => {
      if (request.headers['x-token'] !== 'secret') throw new HTTPException(400, 'X-Token header invalid')
    })
    app.api.get('/items', () => [{ item: 'Foo' }])

    const res = await app.inject('/items')
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'X-Token header invalid' })

    const ok = await app.inject({ url: '/items', headers: { 'x-token': 'secret' } })
    expect(ok.statusCode, ok.body).toBe(200)
  })

  it('does not keep the route status of a successful response (201) for the error', async () => {
    const app = await buildApp()
    app.api.post('/items', { status: 201 }, () => { throw new HTTPException(409, 'Item exists') })

    const res = await app.inject({ method: 'POST', url: '/items' })
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json()).toEqual({ detail: 'Item exists' })
  })

  it('keeps its status and headers on bare Fastify, without the errors plugin', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    app.get('/items/:id', async () => { throw new HTTPException(404, 'Item not found', { 'X-Error': 'bare' }) })

    const res = await app.inject('/items/1')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers['x-error']).toBe('bare')
    // Fastify's own error shape: the status is what matters here.
    expect(res.json()).toMatchObject({ statusCode: 404, message: 'Item not found' })
  })

  it('keeps its status with the preset but the errors part switched off', async () => {
    const app = await buildApp({ errors: false })
    app.api.get('/forbidden', () => { throw new HTTPException(403) })

    const res = await app.inject('/forbidden')
    expect(res.statusCode, res.body).toBe(403)
    expect(res.json()).toMatchObject({ statusCode: 403, message: 'Forbidden' })
  })

  it('answers in FastAPI\'s shape with the errors plugin registered alone', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiErrors)
    app.get('/items/:id', async () => { throw new HTTPException(404, 'Item not found') })

    const res = await app.inject('/items/1')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Item not found' })
  })
})
