// FastAPI's "CORS" tutorial, with @fastify/cors in place of Starlette's CORSMiddleware: the
// plugin answers preflight requests through a route that takes every path (`OPTIONS *`),
// which must not make every path exist.
import cors from '@fastify/cors'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { APIRouter, fastapi } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const origins = ['http://localhost.tiangolo.com', 'https://localhost.tiangolo.com', 'http://localhost', 'http://localhost:8080']

async function corsApp () {
  const app = await buildApp()
  await app.register(cors, { origin: origins, credentials: true, methods: ['*'], allowedHeaders: ['*'] })
  app.api.get('/', function main () { return { message: 'Hello World' } })
  app.api.get('/items/', () => [{ name: 'Foo' }])
  app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ body }) => body)
  return app
}

describe('@fastify/cors beside the library', () => {
  it('still answers an unknown path with 404 {"detail":"Not Found"}', async () => {
    const app = await corsApp()

    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/nope' })
      expect(res.statusCode, `${method}: ${res.body}`).toBe(404)
      expect(res.headers.allow).toBeUndefined()
      expect(res.json()).toEqual({ detail: 'Not Found' })
    }
  })

  it('still redirects /items to /items/ with a 307', async () => {
    const app = await corsApp()

    const res = await app.inject('/items?skip=1')
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('/items/?skip=1')
  })

  it('lists in Allow only the methods the app declared, HEAD with GET', async () => {
    const app = await corsApp()

    const res = await app.inject({ method: 'DELETE', url: '/items/' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD, POST')
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
  })

  it('still answers preflight requests and adds its headers to the answers', async () => {
    const app = await corsApp()

    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/items/',
      headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'POST' },
    })
    expect(preflight.statusCode, preflight.body).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:8080')
    const res = await app.inject({ url: '/', headers: { origin: 'http://localhost:8080' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ message: 'Hello World' })
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:8080')
  })

  it('does the same when @fastify/cors is registered before the library', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(cors)
    await app.register(fastapi)
    app.api.get('/items/', () => [])

    const unknown = await app.inject('/nope')
    expect(unknown.statusCode, unknown.body).toBe(404)
    expect(unknown.json()).toEqual({ detail: 'Not Found' })
    expect((await app.inject('/items')).headers.location).toBe('/items/')
    const wrongMethod = await app.inject({ method: 'PUT', url: '/items/' })
    expect(wrongMethod.statusCode, wrongMethod.body).toBe(405)
    expect(wrongMethod.headers.allow).toBe('GET, HEAD')
  })

  it('does the same when @fastify/cors is registered in a scope under a prefix', async () => {
    const app = await buildApp()
    await app.register(async (scope) => {
      await scope.register(cors)
      const items = new APIRouter({ prefix: '/items' })
      items.get('/', () => [])
      await scope.register(items)
    }, { prefix: '/v1' })

    const unknown = await app.inject({ method: 'POST', url: '/v1/nope' })
    expect(unknown.statusCode, unknown.body).toBe(404)
    expect(unknown.json()).toEqual({ detail: 'Not Found' })
    expect((await app.inject('/v1/items')).headers.location).toBe('/v1/items/')
  })

  it("keeps the app's own catch-all path routes: a {file_path:path} at the root is a 405 for another method", async () => {
    const app = await buildApp()
    await app.register(cors)
    app.api.get('/{file_path:path}', { params: z.object({ file_path: z.string() }) }, ({ params }) => params)

    const res = await app.inject({ method: 'POST', url: '/home/johndoe/myfile.txt' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD')
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
  })

  it('counts an OPTIONS route the app declared for a path', async () => {
    const app = await buildApp()
    await app.register(cors)
    app.api.get('/items/', () => [])
    app.api.options('/items/', () => null)

    const res = await app.inject({ method: 'PUT', url: '/items/' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS')
  })
})

describe('catch-all routes other than @fastify/cors', () => {
  it('finds a /* route registered before the library: an unknown path stays a 404', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    app.options('/*', async () => null)
    await app.register(fastapi)
    app.api.get('/items/', () => [])

    const res = await app.inject('/unknown')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })

  it('counts the HEAD route Fastify adds to a GET catch-all (a static files wildcard) as the catch-all too', async () => {
    const app = await buildApp()
    app.get('/*', async () => 'a static file')

    const res = await app.inject({ method: 'POST', url: '/unknown' })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers.allow).toBeUndefined()
  })

  it("counts the app's own wildcard route of the catch-all's method", async () => {
    const app = await buildApp()
    await app.register(cors)
    app.options('/files/*', async () => null)

    const res = await app.inject({ method: 'PUT', url: '/files/a.txt' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('OPTIONS')
  })
})
