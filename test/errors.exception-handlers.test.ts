import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  HTTPException, RequestValidationError, httpExceptionHandler, requestValidationExceptionHandler,
} from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'

// FastAPI's "Install custom exception handlers" example, with a status of its own.
class UnicornException extends Error {
  constructor (override readonly name: string) {
    super(`${name} did something`)
  }
}

class TeapotError extends Error {
  readonly statusCode = 418
}
class EarlGreyError extends TeapotError {}

describe('exception handlers', () => {
  it('answers an error class your way, as in "Install custom exception handlers"', async () => {
    const app = await buildApp()
    app.exceptionHandler(UnicornException, (error, request, reply) =>
      reply.code(418).send({ message: `Oops! ${error.name} did something. There goes a rainbow...` }))
    app.api.get('/unicorns/{name}', { params: z.object({ name: z.string() }) }, ({ params }) => {
      if (params.name === 'yolo') throw new UnicornException(params.name)
      return { unicorn_name: params.name }
    })

    const res = await app.inject('/unicorns/yolo')
    expect(res.statusCode, res.body).toBe(418)
    expect(res.json()).toEqual({ message: 'Oops! yolo did something. There goes a rainbow...' })

    const ok = await app.inject('/unicorns/shinny')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ unicorn_name: 'shinny' })
  })

  it('answers the subclasses of the class too', async () => {
    const app = await buildApp()
    app.exceptionHandler(TeapotError, (error, request, reply) =>
      reply.code(418).send({ detail: `${error.constructor.name}: ${error.message}` }))
    app.api.get('/tea', () => { throw new EarlGreyError('no coffee here') })

    const res = await app.inject('/tea')
    expect(res.statusCode, res.body).toBe(418)
    expect(res.json()).toEqual({ detail: 'EarlGreyError: no coffee here' })
  })

  it('lets the nearest class win when a class and its subclass both have a handler', async () => {
    const app = await buildApp()
    // Registered subclass first, then base class: the order of registration does not matter.
    app.exceptionHandler(EarlGreyError, () => ({ handler: 'EarlGreyError' }))
    app.exceptionHandler(TeapotError, () => ({ handler: 'TeapotError' }))
    app.exceptionHandler(Error, () => ({ handler: 'Error' }))
    app.api.get('/earl-grey', () => { throw new EarlGreyError('x') })
    app.api.get('/teapot', () => { throw new TeapotError('x') })
    app.api.get('/error', () => { throw new RangeError('x') })

    expect((await app.inject('/earl-grey')).json()).toEqual({ handler: 'EarlGreyError' })
    expect((await app.inject('/teapot')).json()).toEqual({ handler: 'TeapotError' })
    expect((await app.inject('/error')).json()).toEqual({ handler: 'Error' })
  })

  it("sends a returned value as JSON with the error's status, or the status the handler set", async () => {
    const app = await buildApp()
    app.exceptionHandler(TeapotError, (error) => ({ detail: error.message, brewed: false }))
    app.exceptionHandler(UnicornException, (error, request, reply) => {
      reply.code(400)
      return { unicorn: error.name }
    })
    app.api.post('/tea', { status: 201 }, () => { throw new TeapotError('I refuse') })
    app.api.get('/unicorn', () => { throw new UnicornException('yolo') })

    const tea = await app.inject({ method: 'POST', url: '/tea' })
    expect(tea.statusCode, tea.body).toBe(418)
    expect(tea.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(tea.json()).toEqual({ detail: 'I refuse', brewed: false })

    const unicorn = await app.inject('/unicorn')
    expect(unicorn.statusCode, unicorn.body).toBe(400)
    expect(unicorn.json()).toEqual({ unicorn: 'yolo' })
  })

  it('answers an error with no status of its own with 500 when its handler returns a value', async () => {
    const app = await buildApp()
    app.exceptionHandler(UnicornException, (error) => ({ detail: error.message }))
    app.api.get('/unicorn', () => { throw new UnicornException('yolo') })

    const res = await app.inject('/unicorn')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'yolo did something' })
  })

  it("lets an Error handler catch unhandled errors, as FastAPI's Exception handler", async () => {
    const app = await buildApp()
    app.exceptionHandler(Error, (error, request, reply) =>
      reply.code(500).send({ detail: 'Something broke', kind: error instanceof Error ? error.name : typeof error }))
    app.api.get('/boom', () => { throw new TypeError('x is undefined') })
    // eslint-disable-next-line no-throw-literal
    app.api.get('/string', () => { throw 'oops' })

    const res = await app.inject('/boom')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Something broke', kind: 'TypeError' })

    const thrown = await app.inject('/string')
    expect(thrown.statusCode, thrown.body).toBe(500)
    expect(thrown.json()).toEqual({ detail: 'Something broke', kind: 'Error' })
  })

  it('does not let the Error handler catch HTTPException, RequestValidationError or Fastify\'s own 4xx errors', async () => {
    const app = await buildApp({}, { bodyLimit: 32 })
    const caught: unknown[] = []
    app.exceptionHandler(Error, (error, request, reply) => {
      caught.push(error)
      return reply.code(500).send({ detail: 'caught by the Error handler' })
    })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => {
      throw new HTTPException(404, `Item ${params.item_id} not found`)
    })
    app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ body }) => body)
    app.post('/plain/', async () => null)

    const notFound = await app.inject('/items/1')
    expect(notFound.statusCode, notFound.body).toBe(404)
    expect(notFound.json()).toEqual({ detail: 'Item 1 not found' })

    const invalid = await app.inject('/items/foo')
    expect(invalid.statusCode, invalid.body).toBe(422)
    expect(invalid.json().detail[0].type).toBe('int_parsing')

    const tooLarge = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'a name far too long for the limit' } })
    expect(tooLarge.statusCode, tooLarge.body).toBe(413)
    expect(tooLarge.json()).toEqual({ detail: 'Request body is too large' })

    const mediaType = await app.inject({ method: 'POST', url: '/plain/', headers: { 'content-type': 'application/xml' }, payload: '<a/>' })
    expect(mediaType.statusCode, mediaType.body).toBe(415)
    expect(mediaType.json()).toEqual({ detail: 'Unsupported Media Type' })

    const malformed = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: '{' })
    expect(malformed.statusCode, malformed.body).toBe(422)

    expect(caught).toEqual([])
  })

  it('lets the RequestValidationError handler be replaced, as in "Override request validation exceptions"', async () => {
    const app = await buildApp()
    app.exceptionHandler(RequestValidationError, (error, request, reply) => {
      const lines = error.errors.map((item) => `${item.loc.join('.')}: ${item.msg}`)
      return reply.code(400).type('text/plain; charset=utf-8').send(['Validation errors:', ...lines].join('\n'))
    })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)

    const res = await app.inject('/items/foo')
    expect(res.statusCode, res.body).toBe(400)
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.body).toBe('Validation errors:\npath.item_id: Input should be a valid integer, unable to parse string as an integer')
  })

  it('lets the HTTPException handler be replaced, as in "Override the HTTPException error handler"', async () => {
    const app = await buildApp()
    app.exceptionHandler(HTTPException, (error, request, reply) =>
      reply.code(error.status).headers(error.headers ?? {}).type('text/plain; charset=utf-8').send(String(error.detail)))
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => {
      if (params.item_id === 3) throw new HTTPException(418, 'Nope! I don\'t like 3.', { 'X-Reason': 'three' })
      return { item_id: params.item_id }
    })

    const res = await app.inject('/items/3')
    expect(res.statusCode, res.body).toBe(418)
    expect(res.headers['x-reason']).toBe('three')
    expect(res.body).toBe("Nope! I don't like 3.")
  })

  it("reuses FastAPI's default handlers from a custom one, as in \"Reuse FastAPI's exception handlers\"", async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.exceptionHandler(HTTPException, (error, request, reply) => {
      request.log.warn({ status: error.status }, `OMG! An HTTP error!: ${String(error.detail)}`)
      return httpExceptionHandler(error, request, reply)
    })
    app.exceptionHandler(RequestValidationError, (error, request, reply) => {
      request.log.warn({ errors: error.errors.length }, 'OMG! The client sent invalid data!')
      return requestValidationExceptionHandler(error, request, reply)
    })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => {
      if (params.item_id === 3) throw new HTTPException(418, 'Nope! I don\'t like 3.', { 'X-Reason': 'three' })
      return { item_id: params.item_id }
    })

    const teapot = await app.inject('/items/3')
    expect(teapot.statusCode, teapot.body).toBe(418)
    expect(teapot.headers['x-reason']).toBe('three')
    expect(teapot.json()).toEqual({ detail: "Nope! I don't like 3." })

    const invalid = await app.inject('/items/foo')
    expect(invalid.statusCode, invalid.body).toBe(422)
    expect(invalid.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
    })

    expect(logs.lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([
      "OMG! An HTTP error!: Nope! I don't like 3.",
      'OMG! The client sent invalid data!',
    ])
  })

  it('answers 500 in the app\'s shape, and logs, when a handler throws', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.exceptionHandler(TeapotError, () => { throw new Error('the handler is broken') })
    app.api.get('/tea', () => { throw new TeapotError('x') })

    const res = await app.inject('/tea')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(res.body).not.toContain('broken')
    const errors = logs.lines.filter((line) => line.level === 50)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ msg: 'An exception handler threw', err: { message: 'the handler is broken' } })
    expect(errors[0]?.reqId).toBeDefined()
  })

  it('sends the default answer when a handler sends nothing', async () => {
    const app = await buildApp()
    const seen: string[] = []
    app.exceptionHandler(HTTPException, (error) => { seen.push(String(error.detail)) })
    app.api.get('/missing', () => { throw new HTTPException(404, 'Item not found') })

    const res = await app.inject('/missing')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Item not found' })
    expect(seen).toEqual(['Item not found'])
  })

  it('refuses a class that is not an Error class, and a handler that is not a function', async () => {
    const app = await buildApp()
    class NotAnError {}

    expect(() => app.exceptionHandler('TeapotError' as never, () => null))
      .toThrow(expect.objectContaining({ code: 'FFA_ERR_EXCEPTION_HANDLER_INVALID' }))
    expect(() => app.exceptionHandler(NotAnError as never, () => null))
      .toThrow(expect.objectContaining({ code: 'FFA_ERR_EXCEPTION_HANDLER_INVALID' }))
    expect(() => app.exceptionHandler(TeapotError, 'handler' as never))
      .toThrow(expect.objectContaining({
        code: 'FFA_ERR_EXCEPTION_HANDLER_INVALID',
        message: "exceptionHandler(errorClass, handler): the handler for TeapotError must be a function (error, request, reply) => ...; got 'handler'.",
      }))
    expect(() => app.exceptionHandler(TeapotError, undefined as never))
      .toThrow(expect.objectContaining({ code: 'FFA_ERR_EXCEPTION_HANDLER_INVALID' }))
  })
})
