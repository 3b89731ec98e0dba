import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi } from 'fastify-fastapi'
import { CORSMiddleware, HTTPSRedirectMiddleware, TrustedHostMiddleware } from 'fastify-fastapi/middleware'
import { appWith } from '../helpers/middleware.js'
import { listen, rawRequest } from '../helpers/raw-http.js'

// An attacker's page asks the browser for the user's data with credentials; an attacker's
// request names a host of its choice, to be trusted or to be sent somewhere. The middleware's
// own rules are tested beside it (test/middleware.*); these are the tricks around them.

const cors = { allowOrigins: ['https://shop.example'], allowCredentials: true, allowMethods: ['GET', 'POST'] }

describe('CORS origin tricks', () => {
  it.each([
    ['a suffix domain', 'https://shop.example.evil.com'],
    ['a prefix domain', 'https://evilshop.example'],
    ['another port', 'https://shop.example:8443'],
    ['plain http', 'http://shop.example'],
    ['a trailing slash', 'https://shop.example/'],
    ['the literal null of a sandboxed iframe', 'null'],
    ['two origins in one header', 'https://shop.example https://evil.com'],
    ['upper case', 'HTTPS://SHOP.EXAMPLE'],
  ])('gives %s (%s) no Access-Control-Allow-Origin, so the browser keeps the credentialed answer from it', async (_, origin) => {
    const app = await appWith(CORSMiddleware, cors)
    const res = await app.inject({ url: '/', headers: { origin, cookie: 'session=abc' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(res.headers.vary).toBe('Origin')
  })

  it('answers a preflight from a refused origin itself: the route behind it never runs', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi, { cors })
    let ran = 0
    app.api.post('/orders/', () => { ran++; return {} })

    const res = await app.inject({ method: 'OPTIONS', url: '/orders/', headers: { origin: 'https://evil.com', 'access-control-request-method': 'POST' } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Disallowed CORS origin')
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(ran).toBe(0)
  })
})

describe('Host header tricks', () => {
  async function shop () {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi)
    await app.register(TrustedHostMiddleware, { allowedHosts: ['shop.example'] })
    await app.register(HTTPSRedirectMiddleware, {})
    let ran = 0
    app.api.get('/account', () => { ran++; return { ok: true } })
    return { port: await listen(app), ran: () => ran }
  }

  it.each([
    ['an evil host', 'evil.com'],
    ['userinfo before an evil host', 'shop.example@evil.com'],
    ['a port then an evil host', 'shop.example:443@evil.com'],
    ['a trailing dot and more', 'shop.example.evil.com'],
    ['a space', 'shop.example evil.com'],
  ])('refuses %s (Host: %s) with 400 before the HTTPS redirect could send the client there', async (_, host) => {
    const { port, ran } = await shop()
    const res = await rawRequest(port, [`GET /account HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`])
    expect(res.status, res.body).toBe(400)
    expect(res.headers.location).toBeUndefined()
    expect(ran()).toBe(0)
  })

  it('redirects an absolute-form request for another host to its path on the checked host, as uvicorn reads the target', async () => {
    const { port, ran } = await shop()
    const res = await rawRequest(port, ['GET http://evil.com/account?x=1 HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n'])
    expect(res.status, res.body).toBe(307)
    expect(res.headers.location).toBe('https://shop.example/account?x=1')
    expect(ran()).toBe(0)
  })

  it('redirects to www. with the path of an absolute-form target only', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi)
    await app.register(TrustedHostMiddleware, { allowedHosts: ['www.shop.example'] })
    const port = await listen(app)
    const res = await rawRequest(port, ['GET http://evil.com/account HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n'])
    expect(res.status, res.body).toBe(307)
    expect(res.headers.location).toBe('http://www.shop.example/account')
  })

  it('redirects an allowed host to https on that same host, not one an X-Forwarded-Host names', async () => {
    const { port } = await shop()
    const res = await rawRequest(port, ['GET /account?x=1 HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-Host: evil.com\r\nConnection: close\r\n\r\n'])
    expect(res.status, res.body).toBe(307)
    expect(res.headers.location).toBe('https://shop.example/account?x=1')
  })

  it('refuses a request with two Host headers with 400', async () => {
    const { port, ran } = await shop()
    const res = await rawRequest(port, ['GET /account HTTP/1.1\r\nHost: shop.example\r\nHost: evil.com\r\nConnection: close\r\n\r\n'])
    expect(res.status, res.body).toBe(400)
    expect(res.headers.location).toBeUndefined()
    expect(ran()).toBe(0)
  })
})
