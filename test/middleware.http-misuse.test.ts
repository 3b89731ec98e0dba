import { describe, expect, it } from 'vitest'
import { JSONResponse, type CallNextResponse, type HTTPMiddleware } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'

describe('misusing app.middleware', () => {
  it('refuses any type but http, as FastAPI\'s decorator', async () => {
    const app = await buildApp()
    const passThrough: HTTPMiddleware = (request, callNext) => callNext(request)
    // @ts-expect-error  only 'http' middleware exists
    expect(() => app.middleware('websocket', passThrough)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_MIDDLEWARE_INVALID',
      message: "app.middleware(): the type must be 'http', as FastAPI's @app.middleware(\"http\"), the one kind there is; got string 'websocket'.",
    }))
  })

  it('refuses a middleware that is not a function', async () => {
    const app = await buildApp()
    // @ts-expect-error  a middleware is a function
    expect(() => app.middleware('http', { dispatch: () => {} })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_MIDDLEWARE_INVALID',
      message: expect.stringContaining('the middleware must be a function (request, callNext) => response; got object'),
    }))
  })

  it('refuses a middleware added once the app has started, as Starlette does', async () => {
    const app = await buildApp()
    await app.ready()
    expect(() => app.middleware('http', (request, callNext) => callNext(request))).toThrow(expect.objectContaining({
      code: 'FFA_ERR_MIDDLEWARE_INVALID',
      message: expect.stringContaining('the app has already started (ready() or listen() was called)'),
    }))
  })

  it('answers 500 and logs a coded error when a middleware returns no response', async () => {
    const { lines, stream } = captureLogs()
    const app = await buildApp({}, { logger: { stream } })
    // @ts-expect-error  a middleware must return a response
    app.middleware('http', async function forgetful (request, callNext) { await callNext(request) })
    app.get('/', async () => 'route')

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    const logged = lines.find((line) => line.level === 50)
    expect(logged?.err).toMatchObject({
      code: 'FFA_ERR_MIDDLEWARE_MISUSE',
      message: 'The HTTP middleware forgetful returned nothing: return the response callNext gave (changed or not), or a Response of your own (JSONResponse, PlainTextResponse ...).',
    })
  })

  it('refuses a second callNext: the route runs once', async () => {
    const app = await buildApp()
    let runs = 0
    let second: unknown
    app.middleware('http', async function twice (request, callNext) {
      const response = await callNext(request)
      second = await callNext(request).catch((error: unknown) => error)
      return response
    })
    app.get('/', async () => { runs++; return 'route' })

    const res = await app.inject('/')
    expect(res.body).toBe('route')
    expect(runs).toBe(1)
    expect(second).toMatchObject({ code: 'FFA_ERR_MIDDLEWARE_MISUSE', message: expect.stringContaining('The HTTP middleware twice called callNext twice') })
  })

  it('takes a sync function that answers on its own or returns what callNext gives', async () => {
    const app = await buildApp()
    app.middleware('http', (request, callNext) => request.url === '/blocked' ? new JSONResponse({ detail: 'Blocked' }, { status: 403 }) : callNext(request))
    app.get('/open', async () => 'open')

    expect((await app.inject('/blocked')).statusCode).toBe(403)
    expect((await app.inject('/open')).body).toBe('open')
  })

  it('waits for the route when a middleware returns without awaiting callNext', async () => {
    const app = await buildApp()
    let pending: Promise<CallNextResponse> | undefined
    app.middleware('http', async (request, callNext) => {
      pending = callNext(request)
      return new JSONResponse({ detail: 'answered early' }, { status: 202 })
    })
    app.get('/', async () => { await new Promise((resolve) => setTimeout(resolve, 10)); return 'route' })

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(202)
    expect(res.json()).toEqual({ detail: 'answered early' })
    await expect(pending).resolves.toBeDefined()
  })
})
