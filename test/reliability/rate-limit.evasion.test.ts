import { describe, expect, it } from 'vitest'
import { RateLimit } from 'fastify-fastapi'
import { buildApp } from '../helpers/app.js'
import { REDIS_URL, testKeyPrefix } from '../helpers/redis.js'

// A client that wants more than its share pretends to be many clients (spoofed address headers),
// or reaches the limited route by another spelling, or sends everything at once. With no proxy
// trusted, the address is the socket's, as uvicorn's without --proxy-headers.

const statuses = async (send: (index: number) => Promise<{ statusCode: number }>, count: number) =>
  Promise.all(Array.from({ length: count }, async (_, index) => (await send(index)).statusCode))

describe('Rate-limit evasion', () => {
  it.each([
    ['X-Forwarded-For', (index: number) => ({ 'x-forwarded-for': `203.0.113.${index}` })],
    ['X-Real-IP', (index: number) => ({ 'x-real-ip': `203.0.113.${index}` })],
    ['Forwarded', (index: number) => ({ forwarded: `for=203.0.113.${index}` })],
    ['CF-Connecting-IP and True-Client-IP', (index: number) => ({ 'cf-connecting-ip': `203.0.113.${index}`, 'true-client-ip': `198.51.100.${index}` })],
  ])('counts a client rotating a spoofed %s header as one client when no proxy is trusted', async (_, spoof) => {
    const app = await buildApp({ rateLimit: { max: 3, timeWindow: '1 minute' } })
    app.api.get('/items', () => [])

    const codes: number[] = []
    for (let index = 0; index < 6; index++) codes.push((await app.inject({ url: '/items', headers: spoof(index) })).statusCode)
    expect(codes).toEqual([200, 200, 200, 429, 429, 429])
  })

  it('ignores X-Forwarded-For from a client that is not the trusted proxy', async () => {
    const app = await buildApp({ rateLimit: { max: 1, timeWindow: '1 minute' } }, { trustProxy: '10.0.0.1' })
    app.api.get('/items', () => [])

    const direct = (forwardedFor: string) => app.inject({ url: '/items', remoteAddress: '192.0.2.7', headers: { 'x-forwarded-for': forwardedFor } })
    expect((await direct('203.0.113.1')).statusCode).toBe(200)
    expect((await direct('203.0.113.2')).statusCode).toBe(429)
    // The trusted proxy's word is taken: its clients are counted apart.
    const viaProxy = (client: string) => app.inject({ url: '/items', remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': client } })
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(200)
    expect((await viaProxy('203.0.113.2')).statusCode).toBe(200)
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(429)
  })

  it('counts a route\'s limit whatever the query string, trailing slash redirect or HEAD instead of GET', async () => {
    const app = await buildApp({ rateLimit: {} })
    app.api.get('/search', { dependencies: [RateLimit({ max: 2, timeWindow: '1 minute' })] }, () => ({ hits: [] }))

    expect((await app.inject({ url: '/search?q=1' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'HEAD', url: '/search?q=2' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/search?q=3&cache_buster=x' })).statusCode).toBe(429)
    expect((await app.inject({ method: 'HEAD', url: '/search' })).statusCode).toBe(429)
    // The slash redirect runs nothing: it is no way around the limit.
    const redirected = await app.inject({ url: '/search/' })
    expect(redirected.statusCode).toBe(307)
    expect((await app.inject({ url: redirected.headers.location as string })).statusCode).toBe(429)
  })

  it('lets exactly max of 40 simultaneous requests through, in memory', async () => {
    const app = await buildApp({ rateLimit: { max: 5, timeWindow: '1 minute' } })
    app.api.get('/items', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return []
    })
    await app.ready()

    const codes = await statuses(() => app.inject({ url: '/items' }), 40)
    expect(codes.filter((code) => code === 200)).toHaveLength(5)
    expect(codes.filter((code) => code === 429)).toHaveLength(35)
  })

  it('lets exactly max of 40 simultaneous requests through two instances on one Redis', async () => {
    const prefix = testKeyPrefix()
    const apps = await Promise.all([0, 1].map(async () => {
      const app = await buildApp({ rateLimit: { max: 5, timeWindow: '1 minute', redis: REDIS_URL, prefix } })
      app.api.get('/items', () => [])
      await app.ready()
      return app
    }))

    const codes = await statuses((index) => (apps[index % 2] as (typeof apps)[number]).inject({ url: '/items' }), 40)
    expect(codes.filter((code) => code === 200)).toHaveLength(5)
  })
})
