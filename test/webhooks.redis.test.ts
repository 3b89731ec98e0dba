// Two instances of the app behind a load balancer: a retry landing on the other one is still
// answered once, through the processed events both keep in the same Redis.
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { Webhook } from 'fastify-fastapi/webhooks'
import { deferred } from './helpers/deferred.js'
import { REDIS_URL, redisAdmin, testKeyPrefix } from './helpers/redis.js'
import { standardHeaders } from './helpers/webhooks.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const Event = z.object({ type: z.string() })

async function instance (prefix: string, handler: () => unknown) {
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapi, { webhooks: { redis: REDIS_URL, prefix } })
  app.api.post('/webhooks/events', { webhook: Webhook({ preset: 'standard', secret: SECRET }), body: Event }, handler)
  await app.ready()
  return app
}

function delivery (id: string) {
  const body = '{"type":"user.created"}'
  return () => ({ method: 'POST' as const, url: '/webhooks/events', payload: body, headers: standardHeaders(body, SECRET, id) })
}

describe('webhook deduplication in Redis', () => {
  it('answers a retry on the other instance with the first answer; the handler runs once in all', async () => {
    const prefix = testKeyPrefix()
    let runs = 0
    const one = await instance(prefix, () => ({ run: ++runs, by: 'one' }))
    const two = await instance(prefix, () => ({ run: ++runs, by: 'two' }))
    const send = delivery('msg_shared')
    const first = await one.inject(send())
    const retry = await two.inject(send())
    expect(first.statusCode, first.body).toBe(200)
    expect(retry.statusCode, retry.body).toBe(200)
    expect(retry.json()).toEqual({ run: 1, by: 'one' })
    expect(runs).toBe(1)
    const keys = await redisAdmin().keys(`${prefix}*`)
    expect(keys).toEqual([`${prefix}POST /webhooks/events:msg_shared`])
    const ttl = await redisAdmin().pttl(keys[0] as string)
    expect(ttl).toBeGreaterThan(259_000_000)
  })

  it('turns away a concurrent duplicate on the other instance while the first runs, and lets a failed event run again', async () => {
    const prefix = testKeyPrefix()
    const release = deferred()
    const started = deferred()
    let runs = 0
    const one = await instance(prefix, async () => {
      runs++
      started.resolve()
      await release.promise
      throw new Error('failed')
    })
    const two = await instance(prefix, () => ({ run: ++runs }))
    const send = delivery('msg_race')
    const first = one.inject(send())
    await started.promise
    expect((await two.inject(send())).statusCode).toBe(409)
    release.resolve()
    expect((await first).statusCode).toBe(500)
    // The failed claim was given up (after the response: wait for it to go).
    await expect.poll(async () => (await redisAdmin().keys(`${prefix}*`)).length).toBe(0)
    const retry = await two.inject(send())
    expect(retry.statusCode, retry.body).toBe(200)
    expect(retry.json()).toEqual({ run: 2 })
  })

  it('fails the startup, naming the option, when nothing answers at the Redis URL', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await expect(app.register(fastapi, { webhooks: { redis: 'redis://127.0.0.1:1' } }).ready()).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: expect.stringContaining("fastify-fastapi/webhooks: option 'redis' names a Redis that could not be reached"),
    })
  })
})
