import { describe, expect, it } from 'vitest'
import { RateLimit } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// fastapi-limiter's README:
//   @app.get("/", dependencies=[Depends(RateLimiter(times=2, seconds=5))])
// and @fastify/rate-limit's own per-route `config.rateLimit`.

describe('a rate limit per route', () => {
  it('limits a route through a RateLimit dependency, per client IP, as fastapi-limiter does', async () => {
    const app = await buildApp({ rateLimit: {} })
    app.api.get('/', { dependencies: [RateLimit({ max: 2, timeWindow: '5 seconds' })] }, () => ({ msg: 'Hello World' }))
    app.api.get('/free', () => ({ msg: 'free' }))

    const first = await app.inject({ url: '/' })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toEqual({ msg: 'Hello World' })
    expect(first.headers['ratelimit-limit']).toBe('2')
    expect(first.headers['ratelimit-remaining']).toBe('1')
    expect((await app.inject({ url: '/' })).statusCode).toBe(200)
    const refused = await app.inject({ url: '/' })
    expect(refused.statusCode, refused.body).toBe(429)
    expect(refused.json()).toEqual({ detail: 'Too Many Requests' })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(4)
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(5)
    expect(refused.headers['ratelimit-remaining']).toBe('0')
    // Another client, and another route, are not limited.
    expect((await app.inject({ url: '/', remoteAddress: '10.0.0.9' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/free' })).statusCode).toBe(200)
  })

  it('counts each route that uses one RateLimit apart, unless they share a scope', async () => {
    const app = await buildApp({ rateLimit: {} })
    const perRoute = RateLimit({ max: 1, timeWindow: '1 minute' })
    const shared = RateLimit({ max: 1, timeWindow: '1 minute', scope: 'search' })
    app.api.get('/a', { dependencies: [perRoute] }, () => 'a')
    app.api.get('/b', { dependencies: [perRoute] }, () => 'b')
    app.api.get('/search/items', { dependencies: [shared] }, () => [])
    app.api.get('/search/users', { dependencies: [shared] }, () => [])

    expect((await app.inject({ url: '/a' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/b' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/a' })).statusCode).toBe(429)
    expect((await app.inject({ url: '/search/items' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/search/users' })).statusCode).toBe(429)
  })

  it('checks two limits of one route apart, as fastapi-limiter\'s multiple limiters', async () => {
    const app = await buildApp({ rateLimit: {} })
    app.api.get('/multiple', {
      dependencies: [RateLimit({ max: 3, timeWindow: '5 seconds' }), RateLimit({ max: 2, timeWindow: '15 seconds' })],
    }, () => ({ msg: 'Hello World' }))

    expect((await app.inject({ url: '/multiple' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/multiple' })).statusCode).toBe(200)
    const refused = await app.inject({ url: '/multiple' })
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['ratelimit-limit']).toBe('2')
  })

  it('gives the handler where the request stands in its limit', async () => {
    const app = await buildApp({ rateLimit: {} })
    app.api.get('/quota', { deps: { quota: RateLimit({ max: 10, timeWindow: '1 hour' }) } }, ({ deps }) => deps.quota)

    const res = await app.inject({ url: '/quota' })
    expect(res.json()).toEqual({ limit: 10, remaining: 9, reset: 3600 })
  })

  it('limits a route by its own @fastify/rate-limit config, before the body is read', async () => {
    const app = await buildApp({ rateLimit: {} })
    let handled = 0
    app.api.post('/upload', { fastify: { config: { rateLimit: { max: 1, timeWindow: '1 minute' } } } }, () => { handled++; return 'ok' })

    expect((await app.inject({ method: 'POST', url: '/upload', payload: { a: 1 } })).statusCode).toBe(200)
    const refused = await app.inject({ method: 'POST', url: '/upload', payload: '{not json' , headers: { 'content-type': 'application/json' } })
    // Refused in onRequest: the malformed body is never parsed (it would be a 422).
    expect(refused.statusCode, refused.body).toBe(429)
    expect(refused.json()).toEqual({ detail: 'Too Many Requests' })
    expect(refused.headers['retry-after']).toBeDefined()
    expect(handled).toBe(1)
  })

  it('refuses a RateLimit dependency where the rate-limit plugin is not registered, naming the fix', async () => {
    const app = await buildApp()
    app.api.get('/', { dependencies: [RateLimit({ max: 1, timeWindow: 1000 })] }, () => 'ok')
    const errors: unknown[] = []
    app.addHook('onError', async (_request, _reply, error) => { errors.push(error) })

    const res = await app.inject({ url: '/' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(errors).toEqual([expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING', message: expect.stringContaining("fastapi preset's `rateLimit` option") })])
  })
})
