// Starlette's TrustedHostMiddleware (tests/middleware/test_trusted_host.py), as Starlette
// 1.7.0 answers: a host of allowedHosts passes (a `*.` pattern takes every subdomain, not the
// domain itself; the port is not compared); any other gets 400 `Invalid host header`
// (text/plain), before any route; `example.com` is redirected (307) to `www.example.com`
// when only that is allowed.
import { describe, expect, it } from 'vitest'
import { TrustedHostMiddleware } from 'fastify-fastapi/middleware'
import { appWith } from './helpers/middleware.js'

const allowedHosts = ['www.example.com', '*.example.org', 'api.test']

describe('TrustedHostMiddleware', () => {
  it.each(['www.example.com', 'a.example.org', 'b.a.example.org', 'api.test', 'api.test:8000', 'www.example.com:8443', 'WWW.Example.COM'])('lets %s through', async (host) => {
    const app = await appWith(TrustedHostMiddleware, { allowedHosts })
    const res = await app.inject({ url: '/', headers: { host } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('Homepage')
  })

  it.each(['example.org', 'evil.com', 'example.org.evil.com', 'testserver', 'a b', '[::1]', 'api.test:99999x'])('answers 400 Invalid host header to %s, as text', async (host) => {
    const app = await appWith(TrustedHostMiddleware, { allowedHosts })
    const res = await app.inject({ url: '/', headers: { host } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Invalid host header')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
  })

  it('answers before routing: an unknown path of a wrong host is a 400 too, the route never runs', async () => {
    const app = await appWith(TrustedHostMiddleware, { allowedHosts })
    let ran = 0
    app.get('/counted', async () => { ran++; return 'ok' })
    expect((await app.inject({ url: '/nope', headers: { host: 'evil.com' } })).statusCode).toBe(400)
    expect((await app.inject({ url: '/counted', headers: { host: 'evil.com' } })).statusCode).toBe(400)
    expect(ran).toBe(0)
  })

  it('redirects example.com to www.example.com, path, query and port kept (test_www_redirect)', async () => {
    const app = await appWith(TrustedHostMiddleware, { allowedHosts })
    const res = await app.inject({ url: '/p?x=1', headers: { host: 'example.com' } })
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('http://www.example.com/p?x=1')
    expect(res.body).toBe('')
    const port = await app.inject({ method: 'POST', url: '/p', headers: { host: 'example.com:8443' } })
    expect(port.statusCode).toBe(307)
    expect(port.headers.location).toBe('http://www.example.com:8443/p')
  })

  it('refuses example.com with wwwRedirect: false', async () => {
    const app = await appWith(TrustedHostMiddleware, { allowedHosts: ['www.example.com'], wwwRedirect: false })
    const res = await app.inject({ url: '/', headers: { host: 'example.com' } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Invalid host header')
  })

  it('allows any host by default, a malformed one included, as Starlette', async () => {
    const app = await appWith(TrustedHostMiddleware, {})
    for (const host of ['evil.com', 'a b']) expect((await app.inject({ url: '/', headers: { host } })).statusCode).toBe(200)
  })

  it('checks the host a trusted proxy names (X-Forwarded-Host), and only a trusted one\'s', async () => {
    const trusted = await appWith(TrustedHostMiddleware, { allowedHosts: ['api.example.com'] }, { trustProxy: '127.0.0.1' })
    const proxied = await trusted.inject({ url: '/', remoteAddress: '127.0.0.1', headers: { host: 'backend:8000', 'x-forwarded-host': 'api.example.com' } })
    expect(proxied.statusCode, proxied.body).toBe(200)
    const spoofed = await trusted.inject({ url: '/', remoteAddress: '203.0.113.9', headers: { host: 'backend:8000', 'x-forwarded-host': 'api.example.com' } })
    expect(spoofed.statusCode, spoofed.body).toBe(400)
  })
})
