import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, RateLimit } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { REDIS_URL, redisAdmin, testKeyPrefix } from './helpers/redis.js'

// Counters in a real Redis at 127.0.0.1:6379 (CI starts one): two instances of the app, as
// behind a load balancer, share one limit. Every test has its own key prefix, removed after it.

const redis = redisAdmin()

const apiKey = Depends({ headers: z.object({ 'x-api-key': z.string() }) }, ({ headers }) => headers['x-api-key'])

async function instance (prefix: string, options: { max?: number, redis?: string | Redis } = {}) {
  const app = await buildApp({ rateLimit: { redis: REDIS_URL, prefix, ...options } })
  app.api.get('/items', () => [])
  app.api.get('/data', { dependencies: [RateLimit({ max: 2, timeWindow: '1 minute' }, apiKey)] }, () => 'data')
  return app
}

describe('rate limits in Redis', () => {
  it('shares an app-wide limit between two instances of the app', async () => {
    const prefix = testKeyPrefix()
    const [first, second] = [await instance(prefix, { max: 3 }), await instance(prefix, { max: 3 })]

    expect((await first.inject({ url: '/items' })).statusCode).toBe(200)
    expect((await second.inject({ url: '/items' })).statusCode).toBe(200)
    const last = await first.inject({ url: '/items' })
    expect(last.statusCode).toBe(200)
    expect(last.headers['ratelimit-remaining']).toBe('0')
    const refused = await second.inject({ url: '/items' })
    expect(refused.statusCode, refused.body).toBe(429)
    expect(refused.json()).toEqual({ detail: 'Too Many Requests' })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(55)
    // One counter in Redis, under the prefix, expiring with the window.
    const keys = await redis.keys(`${prefix}*`)
    expect(keys).toEqual([`${prefix}127.0.0.1`])
    expect(await redis.get(keys[0] as string)).toBe('4')
    expect(await redis.pttl(keys[0] as string)).toBeGreaterThan(55_000)
  })

  it('shares a RateLimit dependency\'s limit per API key between two instances, on a connection of the app\'s', async () => {
    const prefix = testKeyPrefix()
    const own = new Redis(REDIS_URL)
    const [first, second] = [await instance(prefix, { redis: own }), await instance(prefix, { redis: own })]
    const key = { 'x-api-key': 'k1' }

    expect((await first.inject({ url: '/data', headers: key })).statusCode).toBe(200)
    expect((await second.inject({ url: '/data', headers: key })).statusCode).toBe(200)
    expect((await first.inject({ url: '/data', headers: key })).statusCode).toBe(429)
    expect((await second.inject({ url: '/data', headers: { 'x-api-key': 'k2' } })).statusCode).toBe(200)
    expect(await redis.keys(`${prefix}*`)).toEqual(expect.arrayContaining([`${prefix}GET /data|2/60000|k1`, `${prefix}GET /data|2/60000|k2`]))

    // The app leaves a connection of yours open.
    await first.close()
    await second.close()
    expect(await own.ping()).toBe('PONG')
    await own.quit()
  })

  it('counts a route\'s own limit under the route\'s name', async () => {
    const prefix = testKeyPrefix()
    const app = await buildApp({ rateLimit: { redis: REDIS_URL, prefix } })
    app.api.get('/upload', { fastify: { config: { rateLimit: { max: 1, timeWindow: 60_000 } } } }, () => 'ok')

    expect((await app.inject({ url: '/upload' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/upload' })).statusCode).toBe(429)
    expect(await redis.keys(`${prefix}*`)).toEqual([`${prefix}GET/upload:127.0.0.1`])
  })

  it('fails the startup, not the first request, when the Redis URL names no Redis', async () => {
    await expect(buildApp({ rateLimit: { redis: 'redis://127.0.0.1:1' } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: expect.stringMatching(/^fastify-fastapi\/rate-limit: option 'redis' names a Redis that could not be reached \(redis:\/\/127\.0\.0\.1:1\).*Start Redis there, or fix the URL\.$/),
    })
  })
})
