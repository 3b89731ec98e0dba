import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { deferred, type Deferred } from './helpers/deferred.js'
import { REDIS_URL, redisAdmin, testKeyPrefix } from './helpers/redis.js'

// Keys in a real Redis at 127.0.0.1:6379 (CI starts one), shared by two instances of the
// app as behind a load balancer: a retry that reaches the other instance is replayed, and of
// two concurrent requests with one key on the two instances exactly one runs. Every test has
// its own key prefix, removed after it.

const redis = redisAdmin()
const Order = z.object({ item: z.string() })

async function instance (prefix: string, runs: string[], name: string, gate?: Deferred, options: { redis?: string | Redis } = {}) {
  const app = await buildApp({ idempotency: { redis: REDIS_URL, prefix, ...options } })
  app.api.post('/orders/', { body: Order, status: 201, deps: { key: Idempotency() } }, async ({ body, reply }) => {
    runs.push(name)
    if (gate !== undefined) await gate.promise
    reply.header('location', `/orders/${runs.length}`)
    return { id: runs.length, item: body.item, by: name }
  })
  return app
}

const order = (key: string, item = 'pen') => ({ method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': key }, payload: { item } })

describe('Idempotency-Keys in Redis', () => {
  it('replays on instance B the answer instance A stored', async () => {
    const prefix = testKeyPrefix()
    const runs: string[] = []
    const [a, b] = [await instance(prefix, runs, 'a'), await instance(prefix, runs, 'b')]

    const first = await a.inject(order('r1'))
    expect(first.statusCode, first.body).toBe(201)
    const retry = await b.inject(order('r1'))
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.body).toBe(first.body)
    expect(retry.headers.location).toBe('/orders/1')
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(runs).toEqual(['a'])
    expect((await b.inject(order('r1', 'ink'))).statusCode).toBe(422)

    // One key under the prefix, kept 24 hours.
    const keys = await redis.keys(`${prefix}*`)
    expect(keys).toEqual([`${prefix}k:r1`])
    expect(await redis.pttl(keys[0] as string)).toBeGreaterThan(86_000_000)
  })

  it('runs exactly one of two concurrent requests with one key on two instances; the other gets 409', async () => {
    const prefix = testKeyPrefix()
    const runs: string[] = []
    const gate = deferred()
    const [a, b] = [await instance(prefix, runs, 'a', gate), await instance(prefix, runs, 'b', gate)]
    await Promise.all([a.ready(), b.ready()])

    const answers = Promise.all([a.inject(order('c1')), b.inject(order('c1'))])
    await new Promise((resolve) => setTimeout(resolve, 100))
    gate.resolve()
    const statuses = (await answers).map((answer) => answer.statusCode).sort()
    expect(statuses).toEqual([201, 409])
    expect(runs).toHaveLength(1)
    // Once the one that ran has answered, both instances replay it.
    expect((await a.inject(order('c1'))).headers['idempotent-replayed']).toBe('true')
    expect((await b.inject(order('c1'))).headers['idempotent-replayed']).toBe('true')
  })

  it('releases the key of a failed request in Redis, so the retry on the other instance runs', async () => {
    const prefix = testKeyPrefix()
    let runs = 0
    const make = async () => {
      const app = await buildApp({ idempotency: { redis: REDIS_URL, prefix } })
      app.api.post('/orders/', { deps: { key: Idempotency() } }, () => {
        if (++runs === 1) throw new Error('boom')
        return { run: runs }
      })
      return app
    }
    const [a, b] = [await make(), await make()]
    expect((await a.inject(order('f1'))).statusCode).toBe(500)
    expect(await redis.keys(`${prefix}*`)).toEqual([])
    expect((await b.inject(order('f1'))).json()).toEqual({ run: 2 })
  })

  it('expires a key in Redis after its ttl', async () => {
    const prefix = testKeyPrefix()
    let runs = 0
    const app = await buildApp({ idempotency: { redis: REDIS_URL, prefix } })
    app.api.post('/orders/', { deps: { key: Idempotency({ ttl: 0.2 }) } }, () => ({ run: ++runs }))
    await app.inject(order('e1'))
    expect((await app.inject(order('e1'))).json()).toEqual({ run: 1 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await app.inject(order('e1'))).json()).toEqual({ run: 2 })
  })

  it('works on a connection of the app\'s own, and leaves it open', async () => {
    const prefix = testKeyPrefix()
    const own = new Redis(REDIS_URL)
    const runs: string[] = []
    const a = await instance(prefix, runs, 'a', undefined, { redis: own })
    const b = await instance(prefix, runs, 'b', undefined, { redis: own })
    await a.inject(order('o1'))
    expect((await b.inject(order('o1'))).headers['idempotent-replayed']).toBe('true')
    await a.close()
    await b.close()
    expect(await own.ping()).toBe('PONG')
    await own.quit()
  })
})
