import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi, HTTPException } from 'fastify-fastapi'
import fastapiErrors from 'fastify-fastapi/errors'
import fastapiRouting from 'fastify-fastapi/routing'

function fastify () {
  const app = Fastify()
  onTestFinished(() => app.close())
  return app
}

describe('the fastapi preset', () => {
  it('registers the errors and routing plugins', async () => {
    const app = fastify()
    await app.register(fastapi)
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)

    expect((await app.inject('/items/3')).json()).toEqual({ item_id: 3 })
    expect((await app.inject('/nowhere')).json()).toEqual({ detail: 'Not Found' })
  })

  it('switches the errors plugin off with errors: false, leaving Fastify its own error shape', async () => {
    const app = fastify()
    await app.register(fastapi, { errors: false })
    app.api.get('/teapot', () => { throw new HTTPException(418, 'I am a teapot') })

    const res = await app.inject('/teapot')
    expect(res.statusCode, res.body).toBe(418)
    expect(res.json()).toEqual({ statusCode: 418, error: "I'm a Teapot", message: 'I am a teapot' })
    expect(app.hasDecorator('exceptionHandler')).toBe(false)
  })

  it('switches the routing plugin off with routing: false', async () => {
    const app = fastify()
    await app.register(fastapi, { routing: false })
    await app.ready()
    expect(app.hasDecorator('api')).toBe(false)
    expect(app.hasDecorator('exceptionHandler')).toBe(true)
  })

  it('passes the errors options through to the errors plugin', async () => {
    const app = fastify()
    await app.register(fastapi, { errors: { validationStatus: 400 } })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)
    expect((await app.inject('/items/x')).statusCode).toBe(400)
  })

  it('registers the idempotency store only when given its options', async () => {
    const { Idempotency } = await import('fastify-fastapi')
    const off = fastify()
    await off.register(fastapi)
    expect(() => off.api.post('/orders/', { deps: { key: Idempotency() } }, () => 'created')).toThrow(expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING' }))
    const on = fastify()
    await on.register(fastapi, { idempotency: {} })
    on.api.post('/orders/', { deps: { key: Idempotency() } }, () => 'created')
    await on.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': 'k' } })
    expect((await on.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': 'k' } })).headers['idempotent-replayed']).toBe('true')
  })

  it.each([
    [{ errors: true }, "fastify-fastapi: option 'errors' must be false (to switch it off) or an options object; got boolean true"],
    [{ templates: {} }, "fastify-fastapi: option 'templates' is not an option of fastify-fastapi; its options are: errors, depends, background, docs, routing, sessions, rateLimit, cache, jobs, idempotency, webhooks, websockets, requestId, trustedHost, httpsRedirect, cors, securityHeaders, gzip, lifespan, rootPath"],
    ['loud', "fastify-fastapi: option '(options)' must be an object; got string 'loud'"],
  ])('refuses %j at registration with a message naming the option', async (options, message) => {
    const app = fastify()
    // @ts-expect-error  each of these options is wrong on purpose
    await expect(app.register(fastapi, options)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
  })
})

describe('each plugin alone', () => {
  it('gives a plain Fastify app FastAPI error shapes with the errors plugin only', async () => {
    const app = fastify()
    await app.register(fastapiErrors)
    app.get('/items/:id', async () => { throw new HTTPException(404, 'Item not found') })

    const res = await app.inject('/items/1')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Item not found' })
  })

  it('gives a plain Fastify app typed routes with the routing plugin only', async () => {
    const app = fastify()
    await app.register(fastapiRouting)
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => ({ doubled: params.item_id * 2 }))

    expect((await app.inject('/items/21')).json()).toEqual({ doubled: 42 })
  })
})
