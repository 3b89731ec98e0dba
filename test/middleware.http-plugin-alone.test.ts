import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi, PlainTextResponse } from 'fastify-fastapi'
import { httpMiddleware } from 'fastify-fastapi/middleware'

function fastify () {
  const app = Fastify()
  onTestFinished(() => app.close())
  return app
}

function hooksOf (app: ReturnType<typeof fastify>): string {
  return app.printRoutes({ includeHooks: true, commonPrefix: false })
}

describe('the HTTP middleware plugin', () => {
  it('works alone on a plain Fastify app, with Fastify\'s own error answers', async () => {
    const app = fastify()
    await app.register(httpMiddleware)
    app.middleware('http', async (request, callNext) => {
      try {
        const response = await callNext(request)
        response.headers.set('x-wrapped', 'yes')
        return response
      } catch (error) {
        return new PlainTextResponse(`caught: ${(error as Error).message}`, { status: 503 })
      }
    })
    app.get('/', async () => ({ hello: 'world' }))
    app.get('/bug', async () => { throw new Error('bug') })

    const ok = await app.inject('/')
    expect(ok.json()).toEqual({ hello: 'world' })
    expect(ok.headers['x-wrapped']).toBe('yes')

    const bug = await app.inject('/bug')
    expect(bug.statusCode, bug.body).toBe(503)
    expect(bug.body).toBe('caught: bug')

    // Fastify's own 404 is a response, not an error.
    const missing = await app.inject('/nowhere')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ message: 'Route GET:/nowhere not found' })
    expect(missing.headers['x-wrapped']).toBe('yes')
  })

  it('is registered by the preset, and again without harm', async () => {
    const app = fastify()
    await app.register(fastapi)
    await app.register(httpMiddleware)
    expect(app.hasDecorator('middleware')).toBe(true)
  })

  it('adds no hook until a middleware is added, then one onRequest, onError and onSend for them all', async () => {
    const idle = fastify()
    await idle.register(fastapi)
    idle.get('/', async () => 'ok')
    await idle.ready()
    expect(hooksOf(idle)).not.toContain('httpMiddleware')

    const busy = fastify()
    await busy.register(fastapi)
    busy.middleware('http', (request, callNext) => callNext(request))
    busy.middleware('http', (request, callNext) => callNext(request))
    busy.get('/', async () => 'ok')
    await busy.ready()
    const hooks = hooksOf(busy).split('\n').slice(0, 5).join('\n')
    expect(hooks.match(/httpMiddleware\(\)/g)).toHaveLength(1)
    expect(hooks.match(/httpMiddlewareSend\(\)/g)).toHaveLength(1)
    expect(hooks.match(/httpMiddlewareError\(\)/g)).toHaveLength(1)
  })

  it('refuses options, as it has none', async () => {
    const app = fastify()
    await expect(app.register(httpMiddleware, { order: 'reverse' } as object)).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi/http-middleware: option 'order' is not an option: fastify-fastapi/http-middleware takes none",
    })
  })
})
