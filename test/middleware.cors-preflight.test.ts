// Starlette's CORSMiddleware preflight answers (tests/middleware/test_cors.py), as Starlette
// 1.7.0 gives them: 200 `OK`, text/plain, the allowed methods and headers, the max age, and a
// Vary of everything the answer depends on. The middleware answers before routing: a path
// with no OPTIONS route, or no route at all, gets the same answer.
import { describe, expect, it } from 'vitest'
import { CORSMiddleware } from 'fastify-fastapi/middleware'
import { appWith, tokens } from './helpers/middleware.js'

const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network'
const SAFELISTED = 'Accept, Accept-Language, Content-Language, Content-Type'

describe('CORSMiddleware preflight requests', () => {
  it('answers 200 OK for an allowed origin, listing the safelisted headers with the allowed ones (test_cors_allow_specific_origin)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'], allowHeaders: ['X-Example', 'Content-Type'] })
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'X-Example, Content-Type' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('OK')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
    expect(res.headers['access-control-allow-headers']).toBe(`${SAFELISTED}, X-Example`)
    expect(res.headers['access-control-allow-methods']).toBe('GET')
    expect(res.headers['access-control-max-age']).toBe('600')
    expect(res.headers['access-control-allow-credentials']).toBeUndefined()
    expect(res.headers.vary).toBe(PREFLIGHT_VARY)
  })

  it('answers before routing: a path with no route, or no OPTIONS route, gets the same answer', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'] })
    for (const url of ['/nope', '/', '/items/1?q=2']) {
      const res = await app.inject({ method: 'OPTIONS', url, headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } })
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
      expect(res.body).toBe('OK')
      expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
    }
  })

  it('mirrors any requested headers and allows every method with "*" (test_cors_allow_all)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'], allowHeaders: ['*'], allowMethods: ['*'], exposeHeaders: ['X-Status'], allowCredentials: true })
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'X-Example' },
    })
    expect(res.statusCode, res.body).toBe(200)
    // With credentials even "*" names the origin: browsers refuse `*` with credentials.
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
    expect(res.headers['access-control-allow-headers']).toBe('X-Example')
    expect(res.headers['access-control-allow-credentials']).toBe('true')
    expect(tokens(res.headers['access-control-allow-methods'])).toEqual(new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'QUERY']))
    // Exposed headers are for actual responses, not preflights.
    expect(res.headers['access-control-expose-headers']).toBeUndefined()
    expect(res.headers.vary).toBe(PREFLIGHT_VARY)
  })

  it('answers "*" without credentials, and lists no allowed headers when any is allowed and none is asked (test_cors_allow_all_except_credentials)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'], allowHeaders: ['*'], allowMethods: ['*'] })
    const asked = await app.inject({
      method: 'OPTIONS',
      url: '/',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'X-Example' },
    })
    expect(asked.statusCode, asked.body).toBe(200)
    expect(asked.headers['access-control-allow-origin']).toBe('*')
    expect(asked.headers['access-control-allow-headers']).toBe('X-Example')
    expect(asked.headers['access-control-allow-credentials']).toBeUndefined()

    const none = await app.inject({ method: 'OPTIONS', url: '/', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } })
    expect(none.statusCode, none.body).toBe(200)
    expect(none.headers['access-control-allow-headers']).toBeUndefined()
  })

  it('allows only GET by default, with the safelisted headers in any case', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'] })
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept, content-type' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers['access-control-allow-methods']).toBe('GET')
    expect(res.headers['access-control-allow-headers']).toBe(SAFELISTED)
  })

  it('allows an origin matching the whole of allowOriginRegex, with credentials and maxAge (test_cors_allow_origin_regex)', async () => {
    const app = await appWith(CORSMiddleware, { allowOriginRegex: 'https://.*\\.example\\.org', allowCredentials: true, maxAge: 7200 })
    const res = await app.inject({ method: 'OPTIONS', url: '/', headers: { origin: 'https://a.example.org', 'access-control-request-method': 'GET' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe('https://a.example.org')
    expect(res.headers['access-control-allow-credentials']).toBe('true')
    expect(res.headers['access-control-max-age']).toBe('7200')
  })

  it('takes allowOriginRegex as a RegExp too, still matched against the whole origin', async () => {
    const app = await appWith(CORSMiddleware, { allowOriginRegex: /https:\/\/[a-z]+\.example\.org/g })
    const allowed = await app.inject({ method: 'OPTIONS', url: '/', headers: { origin: 'https://a.example.org', 'access-control-request-method': 'GET' } })
    expect(allowed.statusCode, allowed.body).toBe(200)
    // A global RegExp keeps no state between requests.
    const again = await app.inject({ method: 'OPTIONS', url: '/', headers: { origin: 'https://a.example.org', 'access-control-request-method': 'GET' } })
    expect(again.statusCode, again.body).toBe(200)
    const longer = await app.inject({ method: 'OPTIONS', url: '/', headers: { origin: 'https://a.example.org.evil.com', 'access-control-request-method': 'GET' } })
    expect(longer.statusCode, longer.body).toBe(400)
    expect(longer.body).toBe('Disallowed CORS origin')
  })

  it('allows private network access when asked to (test_cors_private_network_access_allowed)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'], allowMethods: ['*'], allowPrivateNetwork: true })
    const asked = await app.inject({
      method: 'OPTIONS',
      url: '/',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' },
    })
    expect(asked.statusCode, asked.body).toBe(200)
    expect(asked.headers['access-control-allow-private-network']).toBe('true')
    const plain = await app.inject({ method: 'OPTIONS', url: '/', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } })
    expect(plain.headers['access-control-allow-private-network']).toBeUndefined()
  })

  it('does not run the route, nor take a request without Access-Control-Request-Method for a preflight', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'] })
    let ran = 0
    app.options('/counted', async () => { ran++; return 'route' })
    const preflight = await app.inject({ method: 'OPTIONS', url: '/counted', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } })
    expect(preflight.body).toBe('OK')
    expect(ran).toBe(0)

    const plain = await app.inject({ method: 'OPTIONS', url: '/counted', headers: { origin: 'https://example.org' } })
    expect(plain.statusCode, plain.body).toBe(200)
    expect(plain.body).toBe('route')
    expect(ran).toBe(1)
    expect(plain.headers['access-control-allow-origin']).toBe('https://example.org')
  })
})
