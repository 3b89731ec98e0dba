import Fastify, { type FastifyInstance } from 'fastify'
import { Queue } from 'bullmq'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { defineJob, Jobs, jobAccepted, type JobType } from 'fastify-fastapi/jobs'
import { untilStatus } from '../helpers/jobs.js'
import { REDIS_URL, testKeyPrefix } from '../helpers/redis.js'

// A queue is an input like a request: another producer, an older deploy or an attacker with
// access to Redis can put anything in it. A worker checks every payload again, refuses what
// it cannot run without retrying it, and keeps the queue moving behind a poisoned job.

const Order = z.object({ order_id: z.number().int(), email: z.email() })

async function worker (jobs: JobType[], prefix: string, routes?: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapi, { jobs: { jobs, bullmq: { redis: REDIS_URL, prefix, lockDurationMs: 1000 } } })
  routes?.(app)
  await app.ready()
  return app
}

// The queue as any BullMQ producer sees it, writing past the library's own checks.
function rawQueue (prefix: string): Queue {
  const queue = new Queue('jobs', { connection: { url: REDIS_URL }, prefix })
  onTestFinished(() => queue.close())
  return queue
}

describe('Job payload poisoning', () => {
  it.each([
    ['a wrong type', { order_id: 'one', email: 'a@example.com' }],
    ['a missing field', { order_id: 1 }],
    ['null', null],
    ['an array', [1, 2, 3]],
    ['a string', 'DROP TABLE orders'],
  ])('fails a job whose payload is %s at once, with no retry, and runs the next job', async (_, payload) => {
    const prefix = testKeyPrefix()
    const sent: number[] = []
    const receipt = defineJob({ name: 'receipt', payload: Order, retries: 3 }, ({ payload }) => { sent.push(payload.order_id) })
    const app = await worker([receipt], prefix)
    const poisoned = await rawQueue(prefix).add('receipt', payload, { attempts: 4 })
    const { id } = await app.jobs.enqueue(receipt, { order_id: 2, email: 'b@example.com' })

    const failed = await untilStatus(app, poisoned.id as string, 'failed')
    expect(failed.attempts).toBe(1)
    expect(failed.error).toMatch(/^The payload no longer validates against the job type 'receipt', so the job cannot run: /)
    await untilStatus(app, id, 'succeeded')
    expect(sent).toEqual([2])
  })

  it('pollutes no prototype with a payload of __proto__ and constructor.prototype keys, and hands the handler only declared fields', async () => {
    const prefix = testKeyPrefix()
    let seen: unknown
    const receipt = defineJob({ name: 'receipt', payload: Order }, ({ payload }) => { seen = payload })
    const app = await worker([receipt], prefix)
    const json = '{"order_id":1,"email":"a@example.com","__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}'
    const job = await rawQueue(prefix).add('receipt', JSON.parse(json) as object)

    await untilStatus(app, job.id as string, 'succeeded')
    expect(seen).toEqual({ order_id: 1, email: 'a@example.com' })
    expect(Object.keys(seen as object)).toEqual(['order_id', 'email'])
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('fails a job of a type this worker does not know at once, and keeps running the others', async () => {
    const prefix = testKeyPrefix()
    const sent: number[] = []
    const receipt = defineJob({ name: 'receipt', payload: Order }, ({ payload }) => { sent.push(payload.order_id) })
    const app = await worker([receipt], prefix)
    const stranger = await rawQueue(prefix).add('rm-rf', { path: '/' }, { attempts: 5 })
    const { id } = await app.jobs.enqueue(receipt, { order_id: 3, email: 'c@example.com' })

    await untilStatus(app, id, 'succeeded')
    await expect.poll(async () => (await rawQueue(prefix).getJob(stranger.id as string))?.failedReason, { timeout: 5000 })
      .toBe("No job type named 'rm-rf' is registered in this worker: add it to the jobs plugin's `jobs`.")
    expect((await rawQueue(prefix).getJob(stranger.id as string))?.attemptsMade).toBe(1)
    expect(sent).toEqual([3])
  })

  it('retries a payload that crashes its handler only its retries, then keeps it as a dead letter while the queue moves on', async () => {
    const prefix = testKeyPrefix()
    const sent: number[] = []
    const receipt = defineJob({ name: 'receipt', payload: Order, retries: 2, backoff: { type: 'fixed', delayMs: 10 } }, ({ payload }) => {
      if (payload.order_id === 666) throw new Error('Cannot render a receipt for order 666')
      sent.push(payload.order_id)
    })
    const app = await worker([receipt], prefix)
    const poison = await app.jobs.enqueue(receipt, { order_id: 666, email: 'x@example.com' })
    const ids = await Promise.all([4, 5, 6].map(async (order) => (await app.jobs.enqueue(receipt, { order_id: order, email: 'd@example.com' })).id))

    expect(await untilStatus(app, poison.id, 'failed')).toMatchObject({ attempts: 3, error: 'Cannot render a receipt for order 666' })
    for (const id of ids) await untilStatus(app, id, 'succeeded')
    expect(sent.sort()).toEqual([4, 5, 6])
    expect((await app.jobs.deadLetters()).map((job) => job.id)).toEqual([poison.id])
  })

  it('refuses a request whose body would poison the enqueued payload (__proto__) with 400, enqueuing nothing', async () => {
    const prefix = testKeyPrefix()
    const receipt = defineJob({ name: 'receipt', payload: Order }, () => undefined)
    const app = await worker([receipt], prefix, (server) => {
      server.api.post('/receipts', { ...jobAccepted, body: Order, deps: { jobs: Jobs } }, ({ body, deps }) => deps.jobs.accept(receipt, body))
    })

    const res = await app.inject({ method: 'POST', url: '/receipts', headers: { 'content-type': 'application/json' }, payload: '{"order_id":1,"email":"a@example.com","__proto__":{"isAdmin":true}}' })
    expect(res.statusCode, res.body).toBe(400)
    expect(await rawQueue(prefix).getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 })
  })
})
