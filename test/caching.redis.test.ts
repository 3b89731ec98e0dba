import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import Fastify from 'fastify'
import { Cached, Depends } from 'fastify-fastapi'
import { fastapiCaching } from 'fastify-fastapi/caching'
import { buildApp } from './helpers/app.js'
import { REDIS_URL, redisAdmin, testKeyPrefix } from './helpers/redis.js'

// Cached values in a real Redis at 127.0.0.1:6379 (CI starts one), shared by two instances of
// the app; each test has its own key prefix, removed after it.

const redis = redisAdmin()

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function instance (prefix: string, calls: string[], ttl = 60) {
  const app = await buildApp({ cache: { redis: REDIS_URL, prefix } })
  const getItem = Depends({ params: z.object({ item_id: z.coerce.number() }) }, ({ params }) => {
    calls.push(`item ${params.item_id}`)
    return { id: params.item_id, price: 6.5, tags: ['tools'] }
  })
  const cachedItem = Cached(getItem, { ttl, key: ({ params }) => `item:${String(params.item_id)}`, tags: (item) => ['items', `item-tag:${item.tags[0] ?? ''}`] })
  app.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }), deps: { item: cachedItem } }, ({ deps }) => deps.item)
  return app
}

describe('Cached values in Redis', () => {
  it('shares a value between two instances, as JSON expiring in Redis, and an invalidation on one reaches the other', async () => {
    const prefix = testKeyPrefix()
    const calls: string[] = []
    const [first, second] = [await instance(prefix, calls), await instance(prefix, calls)]

    expect((await first.inject({ url: '/items/1' })).json()).toEqual({ id: 1, price: 6.5, tags: ['tools'] })
    expect((await second.inject({ url: '/items/1' })).json()).toEqual({ id: 1, price: 6.5, tags: ['tools'] })
    expect(calls).toEqual(['item 1'])
    expect(await redis.get(`${prefix}item:1`)).toBe('{"id":1,"price":6.5,"tags":["tools"]}')
    const ttl = await redis.pttl(`${prefix}item:1`)
    expect(ttl).toBeGreaterThan(55_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
    expect((await redis.smembers(`${prefix}tag:items`)).sort()).toEqual(['item:1'].map((key) => prefix + key))

    await second.cache.invalidate('item:1')
    await first.inject({ url: '/items/1' })
    expect(calls).toEqual(['item 1', 'item 1'])

    await second.inject({ url: '/items/2' })
    await first.cache.invalidateTags('items')
    expect(await redis.exists(`${prefix}item:1`, `${prefix}item:2`)).toBe(0)
    await second.inject({ url: '/items/2' })
    expect(calls).toEqual(['item 1', 'item 1', 'item 2', 'item 2'])
  })

  it('lets Redis expire a value after its ttl', async () => {
    const prefix = testKeyPrefix()
    const calls: string[] = []
    const app = await instance(prefix, calls, 0.3)
    await app.inject({ url: '/items/1' })
    await app.inject({ url: '/items/1' })
    expect(calls).toEqual(['item 1'])
    await sleep(450)
    expect(await redis.exists(`${prefix}item:1`)).toBe(0)
    await app.inject({ url: '/items/1' })
    expect(calls).toEqual(['item 1', 'item 1'])
  })

  it('uses a connection of the app\'s, and leaves it open', async () => {
    const prefix = testKeyPrefix()
    const own = new Redis(REDIS_URL)
    const app = Fastify()
    await app.register(fastapiCaching, { redis: own, prefix })
    await app.ready()
    await app.close()
    expect(await own.ping()).toBe('PONG')
    await own.quit()
  })

  it('fails the startup when the Redis URL names no Redis, and refuses bad options', async () => {
    await expect(buildApp({ cache: { redis: 'redis://127.0.0.1:1' } })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining("fastify-fastapi/caching: option 'redis' names a Redis that could not be reached") })
    for (const [options, message] of [
      [{ redis: 'http://cache' }, "option 'redis' must be a Redis URL"],
      [{ maxEntries: 0 }, "option 'maxEntries' must be an integer of at least 1"],
      [{ etag: 'yes' }, "fastify-fastapi/caching: option 'etag' must be true, false or { weak, algorithm }; got string 'yes'"],
      [{ etag: { weak: 1 } }, "option 'etag.weak' must be true or false"],
      [{ prefix: null }, "option 'prefix' must be a string"],
      [{ store: 'memory' }, "option 'store' is not an option of fastify-fastapi/caching; its options are: etag, redis, prefix, maxEntries"],
    ] as const) {
      const app = Fastify()
      await expect(app.register(fastapiCaching, options as never).ready()).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) })
      await app.close()
    }
  })
})
