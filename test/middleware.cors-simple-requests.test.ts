// Starlette's CORSMiddleware on actual (non-preflight) requests, as Starlette 1.7.0 answers:
// an allowed origin named back, `*` for any origin without credentials, the request's origin
// for any origin with credentials, no Access-Control-Allow-Origin for another origin, and
// `Vary: Origin` on every response, after the route's own Vary. Error answers get the headers too.
import { describe, expect, it } from 'vitest'
import { CORSMiddleware } from 'fastify-fastapi/middleware'
import { appWith, tokens } from './helpers/middleware.js'

describe('CORSMiddleware on actual requests', () => {
  it('names an allowed origin, varies by Origin, and leaves another origin without the header (test_cors_allow_specific_origin)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'] })
    const allowed = await app.inject({ url: '/', headers: { origin: 'https://example.org' } })
    expect(allowed.statusCode, allowed.body).toBe(200)
    expect(allowed.body).toBe('Homepage')
    expect(allowed.headers['access-control-allow-origin']).toBe('https://example.org')
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined()
    expect(allowed.headers.vary).toBe('Origin')

    const other = await app.inject({ url: '/', headers: { origin: 'https://another.org' } })
    expect(other.statusCode, other.body).toBe(200)
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
    expect(other.headers.vary).toBe('Origin')
  })

  it('varies by Origin even without one, and adds no CORS header then', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'], allowCredentials: true, exposeHeaders: ['X-Status'] })
    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
    expect(res.headers.vary).toBe('Origin')
  })

  it('answers "*" for any origin without credentials, even with a cookie, with the exposed headers (test_cors_allow_all_except_credentials)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'], allowHeaders: ['*'], allowMethods: ['*'], exposeHeaders: ['X-Status'] })
    for (const headers of [{ origin: 'https://example.org' }, { origin: 'https://example.org', cookie: 'a=b' }]) {
      const res = await app.inject({ url: '/', headers })
      expect(res.headers['access-control-allow-origin']).toBe('*')
      expect(res.headers['access-control-expose-headers']).toBe('X-Status')
      expect(res.headers['access-control-allow-credentials']).toBeUndefined()
      expect(res.headers.vary).toBe('Origin')
    }
  })

  it('names each request\'s own origin for any origin with credentials, none leaking into the next (test_cors_allowed_origin_does_not_leak_between_credentialed_requests)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'], allowHeaders: ['*'], allowMethods: ['*'], allowCredentials: true })
    for (const [origin, cookie] of [['https://first.example', undefined], ['https://second.example', 'foo=bar'], ['https://first.example', undefined]] as const) {
      const res = await app.inject({ url: '/', headers: cookie === undefined ? { origin } : { origin, cookie } })
      expect(res.headers['access-control-allow-origin']).toBe(origin)
      expect(res.headers['access-control-allow-credentials']).toBe('true')
      expect(res.headers.vary).toBe('Origin')
    }
  })

  it('sends credentials without an origin to an origin the pattern does not cover (test_cors_allow_origin_regex)', async () => {
    const app = await appWith(CORSMiddleware, { allowOriginRegex: 'https://.*\\.example\\.org', allowCredentials: true })
    const matched = await app.inject({ url: '/', headers: { origin: 'https://a.example.org' } })
    expect(matched.headers['access-control-allow-origin']).toBe('https://a.example.org')
    expect(matched.headers['access-control-allow-credentials']).toBe('true')
    const longer = await app.inject({ url: '/', headers: { origin: 'https://a.example.org.evil.com' } })
    expect(longer.headers['access-control-allow-origin']).toBeUndefined()
    expect(longer.headers['access-control-allow-credentials']).toBe('true')
    expect(longer.headers.vary).toBe('Origin')
  })

  it('accepts an origin of the list or of the pattern (test_cors_origins_list_and_regex_both_accepted)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'], allowOriginRegex: 'https://.*\\.trusted\\.com' })
    expect((await app.inject({ url: '/', headers: { origin: 'https://example.org' } })).headers['access-control-allow-origin']).toBe('https://example.org')
    expect((await app.inject({ url: '/', headers: { origin: 'https://api.trusted.com' } })).headers['access-control-allow-origin']).toBe('https://api.trusted.com')
    expect((await app.inject({ url: '/', headers: { origin: 'https://evil.com' } })).headers['access-control-allow-origin']).toBeUndefined()
  })

  it('adds Origin to the route\'s own Vary (test_cors_vary_header_behavior)', async () => {
    const specific = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'] })
    const named = await specific.inject({ url: '/vary', headers: { origin: 'https://example.org' } })
    expect(named.headers['access-control-allow-origin']).toBe('https://example.org')
    expect(tokens(named.headers.vary)).toEqual(new Set(['Accept-Encoding', 'Origin']))

    const any = await appWith(CORSMiddleware, { allowOrigins: ['*'] })
    const star = await any.inject({ url: '/vary', headers: { origin: 'https://someplace.org' } })
    expect(star.headers['access-control-allow-origin']).toBe('*')
    expect(star.headers.vary).toBe('Accept-Encoding, Origin')
  })

  it('keeps unknown paths a 404 in FastAPI\'s shape, with the CORS headers a browser needs to read it', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'] })
    const res = await app.inject({ url: '/nope', headers: { origin: 'https://example.org' } })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Not Found' })
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
    expect(res.headers.vary).toBe('Origin')

    const wrongMethod = await app.inject({ method: 'DELETE', url: '/', headers: { origin: 'https://example.org' } })
    expect(wrongMethod.statusCode, wrongMethod.body).toBe(405)
    expect(wrongMethod.json()).toEqual({ detail: 'Method Not Allowed' })
    expect(wrongMethod.headers['access-control-allow-origin']).toBe('https://example.org')
  })

  it('adds the headers to a server error too, which Starlette\'s outermost error middleware sends without them', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'] })
    app.get('/boom', async () => { throw new Error('secret detail') })
    const res = await app.inject({ url: '/boom', headers: { origin: 'https://example.org' } })
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
  })
})
