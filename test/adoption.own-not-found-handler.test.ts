import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { HTTPException, fastapi, fastapiErrors } from 'fastify-fastapi'

function plainApp () {
  const app = Fastify()
  onTestFinished(() => app.close())
  return app
}

describe("an app with its own not-found handler", () => {
  it('keeps its not-found handler, set before the plugin, with notFound: false', async () => {
    const app = plainApp()
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no ${request.url} here` }))
    await app.register(fastapiErrors, { notFound: false })
    app.get('/items/:id', async () => { throw new HTTPException(404, 'Item not found') })

    const missing = await app.inject('/nowhere')
    expect(missing.statusCode, missing.body).toBe(404)
    expect(missing.json()).toEqual({ error: 'no /nowhere here' })
    const item = await app.inject('/items/1')
    expect(item.statusCode, item.body).toBe(404)
    expect(item.json()).toEqual({ detail: 'Item not found' })
  })

  it('keeps its not-found handler, set after the plugin, with notFound: false', async () => {
    const app = plainApp()
    await app.register(fastapiErrors, { notFound: false })
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no ${request.url} here` }))

    const res = await app.inject('/nowhere')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ error: 'no /nowhere here' })
  })

  it('passes notFound: false through the preset', async () => {
    const app = plainApp()
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'gone' }))
    await app.register(fastapi, { errors: { notFound: false } })

    const res = await app.inject('/nowhere')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ error: 'gone' })
  })

  it('refuses, at registration, to join an app that has one, naming the option', async () => {
    const app = plainApp()
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'gone' }))

    await expect(app.register(fastapiErrors)).rejects.toMatchObject({
      code: 'FFA_ERR_NOT_FOUND_HANDLER_SET',
      message: "fastify-fastapi/errors: the app already has its own not-found handler for the prefix '/' (setNotFoundHandler), and Fastify allows one. Keep yours with the option { notFound: false }, or remove it: the plugin answers FastAPI's 404 {\"detail\":\"Not Found\"} and 405 with Allow.",
    })
  })

  it('refuses a notFound option that is not a boolean', async () => {
    const app = plainApp()
    await expect(app.register(fastapiErrors, { notFound: 'no' as unknown as boolean })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi/errors: option 'notFound' must be true (FastAPI's 404 and 405, the default) or false (the app's own not-found handler); got string 'no'",
    })
  })
})
