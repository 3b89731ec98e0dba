import { createHash } from 'node:crypto'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi, HTTPException, RedisRefreshTokenStore, RefreshTokens } from 'fastify-fastapi'
import { refreshTokenContract } from './helpers/refresh-token-contract.js'
import { REDIS_URL, redisAdmin, testKeyPrefix } from './helpers/redis.js'

refreshTokenContract('Redis', () => new RedisRefreshTokenStore({ url: REDIS_URL, keyPrefix: testKeyPrefix() }))

// One instance of the shop's token endpoints: its own app, its own store object, the shared Redis.
async function instance (keyPrefix: string) {
  const refreshTokens = new RefreshTokens({ store: new RedisRefreshTokenStore({ url: REDIS_URL, keyPrefix }) })
  const app = Fastify()
  onTestFinished(async () => { await app.close() })
  app.addHook('onClose', async () => { await refreshTokens.close() })
  await app.register(fastapi)
  app.api.post('/token', { form: z.object({ username: z.string(), password: z.string() }) }, async ({ form }) => {
    if (form.password !== 'secret') throw new HTTPException(400, 'Incorrect username or password')
    return { refresh_token: (await refreshTokens.issue(form.username)).token }
  })
  app.api.post('/token/refresh', { body: z.object({ refresh_token: z.string() }) }, async ({ body }) => {
    const next = await refreshTokens.rotate(body.refresh_token)
    return { refresh_token: next.token, sub: next.subject }
  })
  return app
}

async function refresh (app: Awaited<ReturnType<typeof instance>>, token: string) {
  return await app.inject({ method: 'POST', url: '/token/refresh', payload: { refresh_token: token } })
}

describe('refresh tokens shared in Redis', () => {
  it('lets two app instances share one family: a token rotated on one and reused on the other revokes it on both', async () => {
    const prefix = testKeyPrefix()
    const one = await instance(prefix)
    const two = await instance(prefix)

    const login = await one.inject({ method: 'POST', url: '/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=johndoe&password=secret' })
    expect(login.statusCode, login.body).toBe(200)
    const first = (login.json() as { refresh_token: string }).refresh_token

    // A refresh on the other instance works: the store is shared.
    const onTwo = await refresh(two, first)
    expect(onTwo.statusCode, onTwo.body).toBe(200)
    expect(onTwo.json()).toMatchObject({ sub: 'johndoe' })
    const second = (onTwo.json() as { refresh_token: string }).refresh_token
    const onOne = await refresh(one, second)
    expect(onOne.statusCode, onOne.body).toBe(200)
    const third = (onOne.json() as { refresh_token: string }).refresh_token

    // `second` was rotated on instance one; a copy of it comes back on instance two.
    const reuse = await refresh(two, second)
    expect(reuse.statusCode, reuse.body).toBe(400)
    expect(reuse.json()).toEqual({ detail: 'Invalid refresh token' })
    // The family is revoked for both: the legitimate holder of `third` is refused everywhere.
    for (const app of [one, two]) {
      const res = await refresh(app, third)
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json()).toEqual({ detail: 'Invalid refresh token' })
    }
  })

  it('lets exactly one of two instances racing on one token win', async () => {
    const prefix = testKeyPrefix()
    const instances = [new RedisRefreshTokenStore({ url: REDIS_URL, keyPrefix: prefix }), new RedisRefreshTokenStore({ url: REDIS_URL, keyPrefix: prefix })]
      .map((store) => new RefreshTokens({ store }))
    onTestFinished(async () => { await Promise.all(instances.map((tokens) => tokens.close())) })
    const [one, two] = instances as [RefreshTokens, RefreshTokens]
    for (let round = 0; round < 20; round++) {
      const login = await one.issue(`user${round}`)
      const results = await Promise.allSettled([one.rotate(login.token), two.rotate(login.token)])
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
      expect((results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ reason: 'reused' })
    }
  })

  it('keeps hashes, never tokens, and lets each key expire with its token or family', async () => {
    const prefix = testKeyPrefix()
    const refreshTokens = new RefreshTokens({ store: new RedisRefreshTokenStore({ url: REDIS_URL, keyPrefix: prefix }), ttl: 600, familyTtl: 3600 })
    onTestFinished(() => refreshTokens.close())
    const login = await refreshTokens.issue('johndoe', { scope: 'me' })
    const next = await refreshTokens.rotate(login.token)

    const redis = redisAdmin()
    const keys = (await redis.keys(`${prefix}*`)).sort()
    expect(keys).toHaveLength(3) // the family and two tokens
    const stored = JSON.stringify(await Promise.all(keys.map(async (key) => [key, await redis.hgetall(key)])))
    for (const token of [login.token, next.token]) {
      expect(stored).not.toContain(token)
      expect(stored).not.toContain(token.slice(22)) // the secret part
    }
    for (const key of keys) {
      const ttl = await redis.pttl(key)
      const limit = key.startsWith(`${prefix}f:`) ? 3600_000 : 600_000
      expect(ttl, key).toBeGreaterThan(limit - 60_000)
      expect(ttl, key).toBeLessThanOrEqual(limit)
    }
  })

  it('takes a Redis URL as the store, under the default key prefix', async () => {
    const refreshTokens = new RefreshTokens({ store: REDIS_URL })
    onTestFinished(() => refreshTokens.close())
    expect(refreshTokens.store).toBeInstanceOf(RedisRefreshTokenStore)
    const login = await refreshTokens.issue('johndoe')
    const next = await refreshTokens.rotate(login.token)
    const keys = [`ffa:refresh:f:${login.family}`, ...[login.token, next.token].map((token) => `ffa:refresh:t:${createHash('sha256').update(token).digest('base64url')}`)]
    onTestFinished(async () => { await redisAdmin().del(...keys) })
    expect(await redisAdmin().exists(...keys)).toBe(3)
  })

  it('leaves a connection it was given open', async () => {
    const client = new Redis(REDIS_URL)
    onTestFinished(async () => { await client.quit() })
    const refreshTokens = new RefreshTokens({ store: new RedisRefreshTokenStore({ client, keyPrefix: testKeyPrefix() }) })
    await refreshTokens.issue('johndoe')
    await refreshTokens.close()
    expect(await client.ping()).toBe('PONG')
  })

  it('loads its scripts again after Redis lost them', async () => {
    const refreshTokens = new RefreshTokens({ store: new RedisRefreshTokenStore({ url: REDIS_URL, keyPrefix: testKeyPrefix() }) })
    onTestFinished(() => refreshTokens.close())
    const login = await refreshTokens.issue('johndoe')
    await redisAdmin().script('FLUSH')
    expect(await refreshTokens.rotate(login.token)).toMatchObject({ subject: 'johndoe' })
  })

  it('refuses bad options by name', () => {
    expect(() => new RedisRefreshTokenStore({})).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "RedisRefreshTokenStore: option 'url' or 'client' must be given, not both nor neither: { url: 'redis://127.0.0.1:6379' } or { client: new Redis(...) }; got object {}",
    }))
    expect(() => new RedisRefreshTokenStore({ url: 'http://127.0.0.1:6379' })).toThrow(expect.objectContaining({
      message: "RedisRefreshTokenStore: option 'url' must be a redis:// or rediss:// URL; got string 'http://127.0.0.1:6379'",
    }))
  })
})
