// FastAPI's "Static Files" tutorial, with @fastify/static in place of Starlette's StaticFiles:
// `app.mount("/static", StaticFiles(directory="static"))` answers a file that is not there
// 404 {"detail":"Not Found"}. @fastify/static takes every path under its prefix with one
// wildcard route and hands a missing file to the not-found handler (`reply.callNotFound()`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'

const directory = mkdtempSync(join(tmpdir(), 'fastify-fastapi-static-'))
writeFileSync(join(directory, 'hello.txt'), 'Hello World')
afterAll(() => rmSync(directory, { recursive: true, force: true }))

async function staticApp (prefix: string) {
  const app = await buildApp()
  await app.register(fastifyStatic, { root: directory, prefix })
  app.api.get('/items/', () => [{ name: 'Foo' }])
  return app
}

describe('@fastify/static mounted at /static', () => {
  it('serves a file that is there', async () => {
    const app = await staticApp('/static/')

    const res = await app.inject('/static/hello.txt')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('Hello World')
  })

  it('answers a file that is not there with 404 {"detail":"Not Found"}, not a 405 naming GET', async () => {
    const app = await staticApp('/static/')

    for (const method of ['GET', 'HEAD'] as const) {
      const res = await app.inject({ method, url: '/static/missing.txt' })
      expect(res.statusCode, `${method}: ${res.body}`).toBe(404)
      expect(res.headers.allow).toBeUndefined()
      expect(res.headers.location).toBeUndefined()
    }
    const res = await app.inject('/static/missing.txt')
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })

  it('does not redirect a missing file to its other spelling, which would be missing too', async () => {
    const app = await staticApp('/static/')

    const res = await app.inject('/static/missing/')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers.location).toBeUndefined()
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })

  it('answers another method under /static with 405, as StaticFiles does, with Allow', async () => {
    const app = await staticApp('/static/')

    const res = await app.inject({ method: 'POST', url: '/static/hello.txt' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD')
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
  })

  for (const prefix of ['/static/', '/']) {
    it(`leaves the app's own paths alone when mounted at ${prefix}: unknown is 404, /items redirects to /items/`, async () => {
      const app = await staticApp(prefix)

      const unknown = await app.inject('/nope')
      expect(unknown.statusCode, unknown.body).toBe(404)
      expect(unknown.json()).toEqual({ detail: 'Not Found' })
      const redirect = await app.inject('/items?skip=1')
      expect(redirect.statusCode, redirect.body).toBe(307)
      expect(redirect.headers.location).toBe('/items/?skip=1')
    })
  }
})

describe('@fastify/static mounted at the root', () => {
  it('serves a file that is there and answers one that is not with 404', async () => {
    const app = await staticApp('/')

    expect((await app.inject('/hello.txt')).body).toBe('Hello World')
    const missing = await app.inject('/missing.txt')
    expect(missing.statusCode, missing.body).toBe(404)
    expect(missing.json()).toEqual({ detail: 'Not Found' })
  })
})
