import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { HTTPException, fastapi } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// Starlette's ServerErrorMiddleware answers a bug with PlainTextResponse("Internal Server Error", 500).
describe("an unhandled error's body", () => {
  it('is JSON in the error format by default: {"detail":"Internal Server Error"}', async () => {
    const app = await buildApp()
    app.api.get('/boom', () => { throw new Error('password=hunter2') })

    const res = await app.inject('/boom')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.body).toBe('{"detail":"Internal Server Error"}')
  })

  it("is Starlette's text/plain \"Internal Server Error\" with serverError: 'text', and leaks nothing", async () => {
    const app = await buildApp({ errors: { serverError: 'text' } })
    app.api.get('/boom', () => { throw new Error('password=hunter2') })

    const res = await app.inject('/boom')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.body).toBe('Internal Server Error')
  })

  it("is text for a response that fails its model and for an exception handler that throws, with serverError: 'text'", async () => {
    class TeapotError extends Error {}
    const app = await buildApp({ errors: { serverError: 'text' } })
    app.exceptionHandler(TeapotError, () => { throw new Error('the handler broke') })
    app.api.get('/item', { response: z.object({ name: z.string() }) }, () => ({ name: 42 }) as unknown as { name: string })
    app.api.get('/teapot', () => { throw new TeapotError('no') })

    for (const url of ['/item', '/teapot']) {
      const res = await app.inject(url)
      expect(res.statusCode, res.body).toBe(500)
      expect(res.body).toBe('Internal Server Error')
    }
  })

  it("keeps HTTPException, validation errors and 404 in JSON with serverError: 'text'", async () => {
    const app = await buildApp({ errors: { serverError: 'text' } })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => {
      throw new HTTPException(500, `Item ${params.item_id} is broken`)
    })

    expect((await app.inject('/items/1')).json()).toEqual({ detail: 'Item 1 is broken' })
    expect((await app.inject('/items/x')).statusCode).toBe(422)
    expect((await app.inject('/nowhere')).json()).toEqual({ detail: 'Not Found' })
  })

  it('refuses any other serverError at registration', async () => {
    const app = Fastify()
    await expect(app.register(fastapi, { errors: { serverError: 'html' as never } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: expect.stringContaining("'serverError' must be 'json'"),
    })
  })
})
