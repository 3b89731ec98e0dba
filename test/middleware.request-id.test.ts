import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { JSONResponse, RequestIdMiddleware } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('request ids', () => {
  it('gives each request a new UUID, as Fastify\'s request.id, returned in X-Request-ID', async () => {
    const app = await buildApp({ requestId: {} })
    app.get('/', async (request) => ({ id: request.id }))

    const first = await app.inject('/')
    const second = await app.inject('/')
    expect(first.headers['x-request-id']).toMatch(UUID)
    expect(first.json()).toEqual({ id: first.headers['x-request-id'] })
    expect(second.headers['x-request-id']).toMatch(UUID)
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id'])
  })

  it('does not take the id a client sends unless told to trust the header', async () => {
    const app = await buildApp({ requestId: {} })
    app.get('/', async (request) => ({ id: request.id }))

    const res = await app.inject({ url: '/', headers: { 'x-request-id': 'chosen-by-the-client' } })
    expect(res.headers['x-request-id']).toMatch(UUID)
    expect(res.json()).toEqual({ id: res.headers['x-request-id'] })
  })

  it('returns the id on error answers, 404s, and a middleware\'s own response', async () => {
    const app = await buildApp({ requestId: {} })
    app.middleware('http', async (request, callNext) => {
      if (request.url === '/blocked') return new JSONResponse({ detail: 'Blocked' }, { status: 403 })
      return callNext(request)
    })
    app.api.get('/bug', () => { throw new Error('bug') })

    for (const [url, status] of [['/bug', 500], ['/nowhere', 404], ['/blocked', 403]] as const) {
      const res = await app.inject(url)
      expect(res.statusCode, res.body).toBe(status)
      expect(res.headers['x-request-id'], url).toMatch(UUID)
    }
  })

  it('is the outermost of the preset\'s middleware: a refused host\'s 400 and a redirect to https carry the id', async () => {
    const app = await buildApp({ requestId: {}, trustedHost: { allowedHosts: ['api.example.com'] }, httpsRedirect: {} })
    app.get('/', async () => 'home')

    const wrongHost = await app.inject({ url: '/', headers: { host: 'evil.example' } })
    expect(wrongHost.statusCode).toBe(400)
    expect(wrongHost.headers['x-request-id']).toMatch(UUID)
    const insecure = await app.inject({ url: '/', headers: { host: 'api.example.com' } })
    expect(insecure.statusCode).toBe(307)
    expect(insecure.headers['x-request-id']).toMatch(UUID)
  })

  it('is off in the preset unless asked for', async () => {
    const app = await buildApp()
    app.get('/', async () => 'ok')

    const res = await app.inject('/')
    expect(res.headers['x-request-id']).toBeUndefined()
  })

  it('works alone on a plain Fastify app', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(RequestIdMiddleware)
    app.get('/', async (request) => request.id)

    const res = await app.inject('/')
    expect(res.body).toMatch(UUID)
    expect(res.headers['x-request-id']).toBe(res.body)
  })
})
