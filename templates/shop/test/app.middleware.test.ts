import { gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp } from './helpers.js'

// The shop's middleware, set in app.ts through the preset: CORS for a local front end (FastAPI's
// CORS tutorial: credentials, any method and header), gzip, and security headers.
describe('the shop\'s middleware', () => {
  const saved = process.env.SHOP_CORS_ORIGINS
  afterEach(() => {
    if (saved === undefined) delete process.env.SHOP_CORS_ORIGINS
    else process.env.SHOP_CORS_ORIGINS = saved
  })

  it('lets the Vite dev server (http://localhost:5173) call the API with its token', async () => {
    delete process.env.SHOP_CORS_ORIGINS
    const { app } = await buildTestApp()
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/orders/',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    })
    expect(preflight.statusCode, preflight.body).toBe(200)
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173')
    expect(preflight.headers['access-control-allow-credentials']).toBe('true')
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization, content-type')

    const items = await app.inject({ url: '/items/', headers: { origin: 'http://localhost:5173' } })
    expect(items.statusCode, items.body).toBe(200)
    expect(items.headers['access-control-allow-origin']).toBe('http://localhost:5173')
    expect(items.headers.vary).toContain('Origin')
  })

  it('refuses another origin, and takes the allowed ones from SHOP_CORS_ORIGINS', async () => {
    delete process.env.SHOP_CORS_ORIGINS
    const { app } = await buildTestApp()
    const other = await app.inject({ method: 'OPTIONS', url: '/items/', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } })
    expect(other.statusCode, other.body).toBe(400)
    expect(other.body).toBe('Disallowed CORS origin')

    process.env.SHOP_CORS_ORIGINS = 'https://shop.example, https://admin.shop.example'
    const { app: configured } = await buildTestApp()
    const admin = await configured.inject({ url: '/items/', headers: { origin: 'https://admin.shop.example' } })
    expect(admin.headers['access-control-allow-origin']).toBe('https://admin.shop.example')
    const vite = await configured.inject({ url: '/items/', headers: { origin: 'http://localhost:5173' } })
    expect(vite.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('gzips the OpenAPI document, and sends security headers with every answer', async () => {
    const { app } = await buildTestApp()
    const document = await app.inject({ url: '/openapi.json', headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(document.statusCode).toBe(200)
    expect(document.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(document.rawPayload).toString()).info.title).toBe('Shop')
    expect(document.headers['content-security-policy']).toContain("default-src 'self'")
    expect(document.headers['x-content-type-options']).toBe('nosniff')

    const notFound = await app.inject('/nowhere')
    expect(notFound.statusCode).toBe(404)
    expect(notFound.headers['x-frame-options']).toBe('SAMEORIGIN')
  })
})
