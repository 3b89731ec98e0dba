// FastAPI's "Behind a Proxy", "Redirects with HTTPS": `/items` redirects to `/items/`, and
// behind a proxy the server trusts (uvicorn's --forwarded-allow-ips, Fastify's trustProxy)
// the redirect names the public URL, https://example.com/items/. A request the server does
// not trust gets a path of this server, never a host it chose.
import { describe, expect, it } from 'vitest'
import type { FastAPIOptions } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

async function itemsApp (trustProxy?: string | boolean, options: FastAPIOptions = {}) {
  const app = await buildApp(options, trustProxy === undefined ? {} : { trustProxy })
  app.api.get('/items/', function read_items () { return ['plumbus', 'portal gun'] })
  return app
}

describe('the slash redirect behind a trusted proxy', () => {
  it('redirects /items to https://example.com/items/ (tutorial001_01)', async () => {
    const app = await itemsApp('127.0.0.1')
    const headers = { host: 'example.com', 'x-forwarded-proto': 'https' }

    const res = await app.inject({ url: '/items', headers })
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('https://example.com/items/')
    const items = await app.inject({ url: '/items/', headers })
    expect(items.statusCode, items.body).toBe(200)
    expect(items.json()).toEqual(['plumbus', 'portal gun'])
  })

  it('takes the host from X-Forwarded-Host and keeps the query', async () => {
    const app = await itemsApp(true)

    const res = await app.inject({ url: '/items?skip=1', headers: { host: '127.0.0.1:8000', 'x-forwarded-host': 'mysuperapp.com', 'x-forwarded-proto': 'https' } })
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('https://mysuperapp.com/items/?skip=1')
  })

  it('redirects under the root path the proxy strips, or the one it sends as X-Forwarded-Prefix', async () => {
    const app = await itemsApp('127.0.0.1', { rootPath: '/api/v1' })
    const headers = { host: 'example.com', 'x-forwarded-proto': 'https' }

    expect((await app.inject({ url: '/items', headers })).headers.location).toBe('https://example.com/api/v1/items/')
    const prefixed = await app.inject({ url: '/items', headers: { ...headers, 'x-forwarded-prefix': '/backend' } })
    expect(prefixed.headers.location).toBe('https://example.com/backend/items/')
  })

  it('falls back to a path when a forwarded value is not a scheme or host', async () => {
    const app = await itemsApp(true)

    for (const headers of [
      { 'x-forwarded-host': 'evil.example/path' },
      { 'x-forwarded-host': 'user@evil.example' },
      { 'x-forwarded-host': 'evil.example\\' },
      { 'x-forwarded-proto': 'javascript' },
    ]) {
      const res = await app.inject({ url: '/items', headers })
      expect(res.statusCode, res.body).toBe(307)
      expect(res.headers.location, JSON.stringify(headers)).toBe('/items/')
    }
  })

  it('still refuses a path that a browser reads as another site', async () => {
    const app = await itemsApp(true)

    const res = await app.inject({ url: '//evil.example/items', headers: { host: 'example.com', 'x-forwarded-proto': 'https' } })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers.location).toBeUndefined()
  })
})

describe('the slash redirect for a request the server does not trust', () => {
  it('is a path of this server, whatever Host and X-Forwarded-* say', async () => {
    for (const trustProxy of [undefined, '10.0.0.1']) {
      const app = await itemsApp(trustProxy)

      const res = await app.inject({
        url: '/items',
        headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-prefix': '/elsewhere' },
      })
      expect(res.statusCode, res.body).toBe(307)
      expect(res.headers.location, String(trustProxy)).toBe('/items/')
    }
  })

  it('is still under the configured root path', async () => {
    const app = await itemsApp(undefined, { rootPath: '/api/v1' })

    const res = await app.inject({ url: '/items?skip=1', headers: { 'x-forwarded-prefix': '/elsewhere' } })
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('/api/v1/items/?skip=1')
  })

  it("cannot pass for a trusted proxy by naming the library's trust probe as its Host", async () => {
    const app = await itemsApp()

    const res = await app.inject({ url: '/items', headers: { host: 'fastify-fastapi.trust-probe', 'x-forwarded-prefix': '/elsewhere' } })
    expect(res.headers.location).toBe('/items/')
  })
})
