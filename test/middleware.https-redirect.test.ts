// Starlette's HTTPSRedirectMiddleware (tests/middleware/test_https_redirect.py), as Starlette
// 1.7.0 answers: every http request is a 307 (a POST stays a POST) to the same path and query
// over https, the port dropped when it is 80 or 443 and kept otherwise; a WebSocket handshake
// goes to wss. Behind a proxy, X-Forwarded-Proto says the scheme only when Fastify's
// trustProxy trusts the peer that sent it.
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { HTTPSRedirectMiddleware } from 'fastify-fastapi/middleware'
import { appWith } from './helpers/middleware.js'

describe('HTTPSRedirectMiddleware', () => {
  it('redirects http to https with a 307, path and query kept (test_https_redirect_middleware)', async () => {
    const app = await appWith(HTTPSRedirectMiddleware, {})
    const res = await app.inject({ url: '/p?x=1&y=%2F', headers: { host: 'testserver' } })
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('https://testserver/p?x=1&y=%2F')
    expect(res.body).toBe('')
    const post = await app.inject({ method: 'POST', url: '/items/', headers: { host: 'testserver' }, payload: { name: 'x' } })
    expect(post.statusCode).toBe(307)
    expect(post.headers.location).toBe('https://testserver/items/')
  })

  it('drops port 80 and 443, and keeps any other', async () => {
    const app = await appWith(HTTPSRedirectMiddleware, {})
    const at = async (host: string) => (await app.inject({ url: '/p', headers: { host } })).headers.location
    expect(await at('testserver:80')).toBe('https://testserver/p')
    expect(await at('testserver:443')).toBe('https://testserver/p')
    expect(await at('testserver:8080')).toBe('https://testserver:8080/p')
    expect(await at('[::1]:80')).toBe('https://[::1]/p')
  })

  it('redirects an unknown path too: it answers before routing', async () => {
    const app = await appWith(HTTPSRedirectMiddleware, {})
    const res = await app.inject({ url: '/nope', headers: { host: 'testserver' } })
    expect(res.statusCode).toBe(307)
    expect(res.headers.location).toBe('https://testserver/nope')
  })

  it('sends a WebSocket handshake to wss', async () => {
    const app = await appWith(HTTPSRedirectMiddleware, {})
    const res = await app.inject({ url: '/ws', headers: { host: 'testserver', connection: 'Upgrade', upgrade: 'websocket' } })
    expect(res.statusCode).toBe(307)
    expect(res.headers.location).toBe('wss://testserver/ws')
  })

  it('answers 400 Invalid host header when the host is not one to send the client to', async () => {
    const app = await appWith(HTTPSRedirectMiddleware, {})
    const res = await app.inject({ url: '/p', headers: { host: 'a b' } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Invalid host header')
  })

  it('lets a request through that a trusted proxy says came over https, and redirects one it says came over http', async () => {
    const app = await appWith(HTTPSRedirectMiddleware, {}, { trustProxy: '127.0.0.1' })
    const secure = await app.inject({ url: '/', remoteAddress: '127.0.0.1', headers: { host: 'api.example.com', 'x-forwarded-proto': 'https' } })
    expect(secure.statusCode, secure.body).toBe(200)
    expect(secure.body).toBe('Homepage')
    const plain = await app.inject({ url: '/p?q=1', remoteAddress: '127.0.0.1', headers: { host: 'backend', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'api.example.com', 'x-forwarded-prefix': '/api' } })
    expect(plain.statusCode).toBe(307)
    // The public host and the prefix the proxy stripped: the URL the client asked for, over https.
    expect(plain.headers.location).toBe('https://api.example.com/api/p?q=1')
  })

  it('does not believe X-Forwarded-Proto from a peer trustProxy does not trust, nor without trustProxy', async () => {
    const untrustedPeer = await appWith(HTTPSRedirectMiddleware, {}, { trustProxy: '10.0.0.1' })
    const spoofed = await untrustedPeer.inject({ url: '/', remoteAddress: '203.0.113.9', headers: { host: 'testserver', 'x-forwarded-proto': 'https' } })
    expect(spoofed.statusCode).toBe(307)
    const noProxy = await appWith(HTTPSRedirectMiddleware, {})
    const direct = await noProxy.inject({ url: '/', headers: { host: 'testserver', 'x-forwarded-proto': 'https' } })
    expect(direct.statusCode).toBe(307)
    expect(direct.headers.location).toBe('https://testserver/')
  })

  it('takes no options, as Starlette\'s', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await expect(app.register(HTTPSRedirectMiddleware, { port: 443 } as never)).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi/https-redirect: option 'port' is not an option: HTTPSRedirectMiddleware takes none, as Starlette's; register it with `{}`",
    })
  })
})
