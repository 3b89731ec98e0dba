import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { HTTPException, JSONResponse, PlainTextResponse } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'

class TeapotError extends Error {}

describe('errors and an HTTP middleware', () => {
  it('throws the route\'s unhandled error from callNext, for the middleware to answer (Starlette\'s test_exception_can_be_caught)', async () => {
    const app = await buildApp()
    app.middleware('http', async (request, callNext) => {
      try {
        return await callNext(request)
      } catch (error) {
        return new PlainTextResponse((error as Error).message, { status: 400 })
      }
    })
    app.api.get('/', () => { throw new Error('TEST') })

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('TEST')
  })

  it('lets an error it does not catch reach the app\'s 500, logged once, with no code after callNext run', async () => {
    const { lines, stream } = captureLogs()
    const app = await buildApp({}, { logger: { stream } })
    let after = false
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      after = true
      return response
    })
    app.api.get('/bug', () => { throw new Error('database is on fire') })

    const res = await app.inject('/bug')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(after).toBe(false)
    const errors = lines.filter((line) => line.level === 50)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ msg: 'database is on fire' })
  })

  it('gets an HTTPException as the response the exception handlers made, as FastAPI\'s ExceptionMiddleware sits inside', async () => {
    const app = await buildApp()
    const seen: number[] = []
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      seen.push(response.status)
      response.headers.set('x-seen', 'yes')
      return response
    })
    app.api.get('/items', () => { throw new HTTPException(404, 'Item not found', { 'X-Error': 'There goes my error' }) })

    const res = await app.inject('/items')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Item not found' })
    expect(res.headers['x-error']).toBe('There goes my error')
    expect(res.headers['x-seen']).toBe('yes')
    expect(seen).toEqual([404])
  })

  it('gets the answer of an exception handler for the error\'s own class, and the error itself when only Error\'s handler (FastAPI\'s Exception handler) would answer', async () => {
    const app = await buildApp()
    const caught: string[] = []
    app.exceptionHandler(TeapotError, (_error, _request, reply) => reply.code(418).send({ detail: 'I am a teapot' }))
    app.exceptionHandler(Error, (_error, _request, reply) => reply.code(500).send({ detail: 'Something went wrong, sorry' }))
    app.middleware('http', async (request, callNext) => {
      try {
        return await callNext(request)
      } catch (error) {
        caught.push((error as Error).message)
        throw error
      }
    })
    app.api.get('/teapot', () => { throw new TeapotError('tea') })
    app.api.get('/bug', () => { throw new Error('bug') })

    const teapot = await app.inject('/teapot')
    expect(teapot.statusCode, teapot.body).toBe(418)
    expect(teapot.json()).toEqual({ detail: 'I am a teapot' })

    const bug = await app.inject('/bug')
    expect(bug.statusCode, bug.body).toBe(500)
    expect(bug.json()).toEqual({ detail: 'Something went wrong, sorry' })
    expect(caught).toEqual(['bug'])
  })

  it('answers an error the middleware throws before callNext through the app\'s error handler', async () => {
    const app = await buildApp()
    let routeRan = false
    app.middleware('http', async (request, callNext) => {
      if (request.headers['x-token'] === undefined) throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
      if (request.headers['x-token'] === 'crash') throw new Error('token store unreachable')
      return callNext(request)
    })
    app.api.get('/', () => { routeRan = true; return { ok: true } })

    // A deliberate difference: FastAPI answers an HTTPException raised in a middleware with a 500.
    const missing = await app.inject('/')
    expect(missing.statusCode, missing.body).toBe(401)
    expect(missing.json()).toEqual({ detail: 'Not authenticated' })
    expect(missing.headers['www-authenticate']).toBe('Bearer')

    const crash = await app.inject({ url: '/', headers: { 'x-token': 'crash' } })
    expect(crash.statusCode, crash.body).toBe(500)
    expect(crash.json()).toEqual({ detail: 'Internal Server Error' })
    expect(routeRan).toBe(false)
  })

  it('answers an error the middleware throws after callNext in place of the route\'s response', async () => {
    const app = await buildApp()
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      if (response.headers.get('x-secret') !== undefined) throw new Error('a route leaked its secret header')
      return response
    })
    app.get('/leaky', async (_request, reply) => reply.header('x-secret', 's3cr3t').type('text/csv').send('a,b'))

    const res = await app.inject('/leaky')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
  })

  it('answers in the app\'s format an error the middleware throws after the route\'s answered one (Fastify\'s second error would get its default shape)', async () => {
    const app = await buildApp()
    app.exceptionHandler(TeapotError, (_error, _request, reply) => reply.code(418).send({ detail: 'I am a teapot' }))
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      if (response.status === 404) throw new TeapotError('no coffee here')
      if (response.status === 422) throw new HTTPException(400, 'Bad request, in the middleware\'s words')
      return response
    })
    app.api.get('/items', () => { throw new HTTPException(404, 'Item not found') })
    app.api.post('/items', { body: z.object({ name: z.string() }) }, ({ body }) => body)

    const teapot = await app.inject('/items')
    expect(teapot.statusCode, teapot.body).toBe(418)
    expect(teapot.json()).toEqual({ detail: 'I am a teapot' })
    expect(teapot.headers['content-type']).toBe('application/json; charset=utf-8')

    const invalid = await app.inject({ method: 'POST', url: '/items', payload: {} })
    expect(invalid.statusCode, invalid.body).toBe(400)
    expect(invalid.json()).toEqual({ detail: 'Bad request, in the middleware\'s words' })
  })

  it('answers the middleware\'s own error with the app\'s 500 when it throws while the route\'s server error is on its way out', async () => {
    const { lines, stream } = captureLogs()
    const app = await buildApp({}, { logger: { stream } })
    app.middleware('http', async (request, callNext) => {
      try {
        return await callNext(request)
      } catch {
        throw new Error('the middleware\'s own bug')
      }
    })
    app.api.get('/bug', () => { throw new Error('the route\'s bug') })

    const res = await app.inject('/bug')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    const errors = lines.filter((line) => line.level === 50).map((line) => (line.err as { message: string }).message)
    expect(errors).toEqual(['the route\'s bug', 'the middleware\'s own bug'])
  })

  it('answers a route\'s error in the app\'s format when the middleware turns it into a response', async () => {
    const app = await buildApp()
    app.middleware('http', async (request, callNext) => {
      try {
        return await callNext(request)
      } catch {
        return new JSONResponse({ detail: 'Temporarily unavailable' }, { status: 503, headers: { 'Retry-After': '30' } })
      }
    })
    app.api.get('/bug', () => { throw new Error('bug') })

    const res = await app.inject('/bug')
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toEqual({ detail: 'Temporarily unavailable' })
    expect(res.headers['retry-after']).toBe('30')
  })
})
