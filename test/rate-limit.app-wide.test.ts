import { describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'

// slowapi's `Limiter(key_func=get_remote_address, application_limits=["2/minute"])`: the whole
// app, per client IP, counted in memory; the answer is fastapi-limiter's 429.

describe('an app-wide rate limit', () => {
  it('lets max requests through per client and window, then answers 429 Too Many Requests with Retry-After', async () => {
    const app = await buildApp({ rateLimit: { max: 2, timeWindow: '1 minute' } })
    app.api.get('/items', () => [{ name: 'Plumbus' }])

    for (const remaining of [1, 0]) {
      const res = await app.inject({ url: '/items' })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['ratelimit-limit']).toBe('2')
      expect(res.headers['ratelimit-remaining']).toBe(String(remaining))
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(55)
    }
    const refused = await app.inject({ url: '/items' })
    expect(refused.statusCode, refused.body).toBe(429)
    expect(refused.json()).toEqual({ detail: 'Too Many Requests' })
    expect(refused.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(refused.headers['ratelimit-limit']).toBe('2')
    expect(refused.headers['ratelimit-remaining']).toBe('0')
    const retryAfter = Number(refused.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(55)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(refused.headers['ratelimit-reset']).toBe(refused.headers['retry-after'])
  })

  it('counts each client apart, over every route of the app (slowapi\'s application_limits)', async () => {
    const app = await buildApp({ rateLimit: { max: 1, timeWindow: 60_000 } })
    app.api.get('/items', () => [])
    app.api.get('/users', () => [])

    expect((await app.inject({ url: '/items', remoteAddress: '10.0.0.1' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/items', remoteAddress: '10.0.0.1' })).statusCode).toBe(429)
    expect((await app.inject({ url: '/items', remoteAddress: '10.0.0.2' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/users', remoteAddress: '10.0.0.1' })).statusCode).toBe(429)
    expect((await app.inject({ url: '/users', remoteAddress: '10.0.0.3' })).statusCode).toBe(200)
  })

  it('starts a new window when the last one ends', async () => {
    const app = await buildApp({ rateLimit: { max: 1, timeWindow: 300 } })
    app.api.get('/items', () => [])

    expect((await app.inject({ url: '/items' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/items' })).statusCode).toBe(429)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect((await app.inject({ url: '/items' })).statusCode).toBe(200)
  })

  it('lets a route opt out with config.rateLimit: false', async () => {
    const app = await buildApp({ rateLimit: { max: 1 } })
    app.api.get('/health', { fastify: { config: { rateLimit: false } } }, () => ({ ok: true }))

    for (let i = 0; i < 3; i++) expect((await app.inject({ url: '/health' })).statusCode).toBe(200)
  })

  it('limits nothing without max: only the routes that ask for a limit have one', async () => {
    const app = await buildApp({ rateLimit: {} })
    app.api.get('/items', () => [])

    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ url: '/items' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['ratelimit-limit']).toBeUndefined()
    }
  })

  it('limits plain Fastify routes too', async () => {
    const app = await buildApp({ rateLimit: { max: 1 } })
    app.get('/plain', async () => ({ ok: true }))

    expect((await app.inject({ url: '/plain' })).statusCode).toBe(200)
    const refused = await app.inject({ url: '/plain' })
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual({ detail: 'Too Many Requests' })
  })
})
