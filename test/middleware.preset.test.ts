// The middleware through the preset: each off unless given, an options object switching it on
// (FastAPI's `app.add_middleware(...)` becomes an option of `fastapi`), registered before every
// route and plugin so that its hooks reach them all, in Starlette's order of a stack written
// outermost first: trusted hosts, HTTPS redirect, CORS, security headers, gzip.
import { gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi, type FastAPIOptions } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const BIG = 'x'.repeat(2000)

async function presetApp (options: FastAPIOptions) {
  const app = await buildApp(options)
  app.api.get('/big', { summary: 'A big text' }, () => BIG)
  return app
}

describe('the middleware through the fastapi preset', () => {
  it('adds none of them unless given', async () => {
    const app = await presetApp({})
    const res = await app.inject({ url: '/big', headers: { origin: 'https://example.org', 'accept-encoding': 'gzip', host: 'evil.com' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(res.headers['content-security-policy']).toBeUndefined()
    expect(res.headers.vary).toBeUndefined()
    const preflight = await app.inject({ method: 'OPTIONS', url: '/big', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } })
    expect(preflight.statusCode).toBe(405)
  })

  it('switches CORS and gzip on with their options, both varying the answer', async () => {
    const app = await presetApp({ cors: { allowOrigins: ['https://example.org'] }, gzip: { minimumSize: 1000 } })
    const res = await app.inject({ url: '/big', headers: { origin: 'https://example.org', 'accept-encoding': 'gzip' } })
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(res.rawPayload).toString())).toBe(BIG)
    expect(res.headers.vary).toBe('Origin, Accept-Encoding')
    const preflight = await app.inject({ method: 'OPTIONS', url: '/big', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } })
    expect(preflight.statusCode, preflight.body).toBe(200)
    expect(preflight.body).toBe('OK')
  })

  it('switches trusted hosts and the HTTPS redirect on, refusing a wrong host before redirecting it', async () => {
    const app = await presetApp({ trustedHost: { allowedHosts: ['api.example.com'] }, httpsRedirect: {} })
    const wrongHost = await app.inject({ url: '/big', headers: { host: 'evil.com' } })
    expect(wrongHost.statusCode, wrongHost.body).toBe(400)
    expect(wrongHost.body).toBe('Invalid host header')
    const plain = await app.inject({ url: '/big?x=1', headers: { host: 'api.example.com' } })
    expect(plain.statusCode).toBe(307)
    expect(plain.headers.location).toBe('https://api.example.com/big?x=1')
  })

  it('switches the security headers on, the docs pages still allowed their own script', async () => {
    const app = await presetApp({ securityHeaders: {} })
    expect((await app.inject('/big')).headers['content-security-policy']).toContain("script-src 'self';")
    expect((await app.inject('/docs')).headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-[^']+';/)
  })

  it.each([
    [{ cors: true }, "fastify-fastapi: option 'cors' must be false (to switch it off) or an options object; got boolean true"],
    [{ gzip: 9 }, "fastify-fastapi: option 'gzip' must be false (to switch it off) or an options object"],
    [{ cors: { allowOrigins: 'https://example.org' } }, "fastify-fastapi/cors: option 'allowOrigins' must be an array of origins"],
    [{ trustedHost: { allowedHosts: ['example.*'] } }, "fastify-fastapi/trusted-host: option 'allowedHosts[0]' domain wildcard patterns must be like '*.example.com'"],
  ])('refuses %j at registration', async (options, message) => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await expect(app.register(fastapi, options as FastAPIOptions)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) as string })
  })
})
