import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { HTTPException, fastapi, fastapiErrorHandler, fastapiErrors } from 'fastify-fastapi'

class LegacyError extends Error {}
class TeapotError extends Error {}

function plainApp () {
  const app = Fastify()
  onTestFinished(() => app.close())
  return app
}

describe('an app with its own error handler', () => {
  it('refuses, at registration, to replace an error handler set before the plugin', async () => {
    const app = plainApp()
    app.setErrorHandler(function legacyErrors (error, request, reply) { return reply.code(500).send({ message: 'legacy' }) })

    await expect(app.register(fastapiErrors)).rejects.toMatchObject({
      code: 'FFA_ERR_ERROR_HANDLER_SET',
      message: 'fastify-fastapi/errors: the app already has its own error handler, legacyErrors (setErrorHandler), which the plugin would replace. Keep yours with the option { errorHandler: false } and hand what it does not answer to fastapiErrorHandler(error, request, reply), or move it to app.exceptionHandler(ErrorClass, handler).',
    })
  })

  it('takes one set after the plugin, in a child scope: it answers its scope first, and what it throws reaches the plugin', async () => {
    const before = plainApp()
    before.setErrorHandler(function legacyErrors (error, request, reply) { return reply.code(500).send({ message: 'legacy' }) })
    await expect(before.register(fastapiErrors)).rejects.toMatchObject({ code: 'FFA_ERR_ERROR_HANDLER_SET' })

    const app = plainApp()
    await app.register(fastapiErrors)
    await app.register(async (legacy) => {
      legacy.setErrorHandler((error, request, reply) => {
        if (error instanceof LegacyError) return reply.code(409).send({ message: error.message })
        throw error
      })
      legacy.get('/legacy', async () => { throw new LegacyError('already there') })
      legacy.get('/items', async () => { throw new HTTPException(404, 'Item not found') })
    })

    const legacy = await app.inject('/legacy')
    expect(legacy.statusCode, legacy.body).toBe(409)
    expect(legacy.json()).toEqual({ message: 'already there' })
    const item = await app.inject('/items')
    expect(item.statusCode, item.body).toBe(404)
    expect(item.json()).toEqual({ detail: 'Item not found' })
  })

  it('says "an anonymous function" for an arrow function, through the preset', async () => {
    const app = plainApp()
    app.setErrorHandler((error, request, reply) => reply.code(500).send({ message: 'legacy' }))

    await expect(app.register(fastapi)).rejects.toMatchObject({
      code: 'FFA_ERR_ERROR_HANDLER_SET',
      message: expect.stringContaining('the app already has its own error handler, an anonymous function (setErrorHandler)'),
    })
  })

  it('keeps it with errorHandler: false; it hands the rest to fastapiErrorHandler, exception handlers included', async () => {
    const app = plainApp()
    app.setErrorHandler((error, request, reply) => {
      if (error instanceof LegacyError) return reply.code(409).send({ message: error.message })
      return fastapiErrorHandler(error, request, reply)
    })
    await app.register(fastapiErrors, { errorHandler: false })
    app.exceptionHandler(TeapotError, (error, request, reply) => reply.code(418).send({ detail: 'I refuse to brew coffee' }))
    app.get('/legacy', async () => { throw new LegacyError('already there') })
    app.get('/items', async () => { throw new HTTPException(404, 'Item not found') })
    app.get('/teapot', async () => { throw new TeapotError() })
    app.get('/bug', async () => { throw new Error('secret') })

    const legacy = await app.inject('/legacy')
    expect(legacy.statusCode, legacy.body).toBe(409)
    expect(legacy.json()).toEqual({ message: 'already there' })
    const item = await app.inject('/items')
    expect(item.statusCode, item.body).toBe(404)
    expect(item.json()).toEqual({ detail: 'Item not found' })
    const teapot = await app.inject('/teapot')
    expect(teapot.statusCode, teapot.body).toBe(418)
    expect(teapot.json()).toEqual({ detail: 'I refuse to brew coffee' })
    const bug = await app.inject('/bug')
    expect(bug.statusCode, bug.body).toBe(500)
    expect(bug.json()).toEqual({ detail: 'Internal Server Error' })
  })
})
