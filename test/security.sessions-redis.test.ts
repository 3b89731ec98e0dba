import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'
import { addSessionRoutes, login, SECRET } from './helpers/sessions.js'

// Sessions in a real Redis at 127.0.0.1:6379 (CI starts one): two instances of the app, as
// behind a load balancer, share them. Every key of this file has its own prefix, removed after.

const REDIS_URL = 'redis://127.0.0.1:6379'
const prefix = `test:sessions:${randomUUID()}:`
let redis: Redis

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
})

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

async function instance (ttl?: number) {
  const app = await buildApp({ sessions: { secret: SECRET, store: { url: REDIS_URL, prefix }, ...(ttl === undefined ? {} : { ttl }) } })
  addSessionRoutes(app)
  return app
}

function sessionKey (cookie: string): string {
  return prefix + (decodeURIComponent(cookie.split('=')[1] as string).split('.')[0] as string)
}

describe('sessions in Redis', () => {
  it('shares a session between two instances of the app: logged in on one, known on the other', async () => {
    const [first, second] = [await instance(), await instance()]
    const { cookie, csrf } = await login(first)

    const me = await second.inject({ url: '/users/me', headers: { cookie } })
    expect(me.statusCode, me.body).toBe(200)
    expect(me.json()).toEqual({ username: 'johndoe' })
    // The CSRF secret lives in the session too: a token from one instance passes on the other.
    const cart = await second.inject({ method: 'POST', url: '/cart', headers: { cookie, 'x-csrf-token': csrf }, payload: { item_id: 1 } })
    expect(cart.statusCode, cart.body).toBe(200)

    // Logged out on the second: gone for the first.
    await second.inject({ method: 'POST', url: '/logout', headers: { cookie, 'x-csrf-token': csrf } })
    expect((await first.inject({ url: '/users/me', headers: { cookie } })).statusCode).toBe(401)
    expect(await redis.exists(sessionKey(cookie))).toBe(0)
  })

  it('keeps each session under its prefix, as JSON, expiring in Redis after the ttl', async () => {
    const app = await instance(60_000)
    const { cookie } = await login(app)

    const key = sessionKey(cookie)
    const stored = JSON.parse(await redis.get(key) ?? 'null') as Record<string, unknown>
    expect(stored).toMatchObject({ user: { username: 'johndoe' }, _csrf: expect.any(String) })
    const ttl = await redis.pttl(key)
    expect(ttl).toBeGreaterThan(55_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
  })

  it('lets Redis expire an idle session', async () => {
    const app = await instance(1500)
    const { cookie } = await login(app)
    expect((await app.inject({ url: '/users/me', headers: { cookie } })).statusCode).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(await redis.exists(sessionKey(cookie))).toBe(0)
    expect((await app.inject({ url: '/users/me', headers: { cookie } })).statusCode).toBe(401)
  })

  it('fails the startup on a Redis it cannot reach, rather than the first login', async () => {
    await expect(buildApp({ sessions: { secret: SECRET, store: { url: 'redis://user:hunter2@127.0.0.1:1', prefix } } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: expect.stringMatching(/^fastify-fastapi\/sessions: option 'store.url' names a Redis that could not be reached \(redis:\/\/\*\*\*@127.0.0.1:1\): .+\. Start Redis there, or fix the URL\.$/),
    })
  })
})
