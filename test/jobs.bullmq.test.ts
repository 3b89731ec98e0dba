import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Queue } from 'bullmq'
import { Depends, fastapi } from 'fastify-fastapi'
import { defineJob, Jobs, jobAccepted, type JobType } from 'fastify-fastapi/jobs'
import { deferred } from './helpers/deferred.js'
import { parseEvents, readUntil, untilStatus } from './helpers/jobs.js'
import { REDIS_URL, redisAdmin, testKeyPrefix } from './helpers/redis.js'

// Jobs on BullMQ in a real Redis (127.0.0.1:6379; CI starts one): an API that only enqueues
// and workers in other instances, sharing the queue under this test's own key prefix.

const redis = redisAdmin()

async function instance (jobs: JobType[], prefix: string, workers: boolean | { concurrency: number } = true): Promise<FastifyInstance> {
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapi, { jobs: { jobs, workers, bullmq: { redis: REDIS_URL, prefix, lockDurationMs: 1000 } } })
  return app
}

describe('jobs on BullMQ', () => {
  it('accepts a job on an API without workers, runs it on a worker instance, and reports its progress and result from Redis', async () => {
    const prefix = testKeyPrefix()
    const ran: string[] = []
    const thumbnail = defineJob({ name: 'thumbnail', payload: z.object({ image: z.string(), size: z.number().int().default(128) }) }, async ({ payload, progress }) => {
      ran.push(payload.image)
      await progress(50, 'decoded')
      return { url: `/thumbs/${payload.image}-${payload.size}.png` }
    })
    const api = await instance([thumbnail], prefix, false)
    api.api.post('/thumbnails', { ...jobAccepted, body: z.object({ image: z.string() }), deps: { jobs: Jobs } }, ({ body, deps }) => deps.jobs.accept(thumbnail, body))
    const res = await api.inject({ method: 'POST', url: '/thumbnails', payload: { image: 'cat' } })
    expect(res.statusCode, res.body).toBe(202)
    const { id } = res.json<{ id: string }>()
    expect(res.headers.location).toBe(`/jobs/${id}`)
    expect((await api.inject({ url: `/jobs/${id}` })).json()).toMatchObject({ id, name: 'thumbnail', status: 'queued', attempts: 0, maxAttempts: 1 })
    expect(await redis.exists(`${prefix}:jobs:${id}`)).toBe(1)

    const worker = await instance([thumbnail], prefix)
    await worker.ready()
    await untilStatus(api, id, 'succeeded')
    expect((await api.inject({ url: `/jobs/${id}` })).json()).toMatchObject({
      status: 'succeeded', attempts: 1, progress: { percent: 50, message: 'decoded' }, result: { url: '/thumbs/cat-128.png' }, error: null,
    })
    expect(ran).toEqual(['cat'])
  })

  it('shares the work among several workers, each job once', async () => {
    const prefix = testKeyPrefix()
    const workerName = Depends(() => 'api')
    const runs: Array<[string, number]> = []
    const square = defineJob({ name: 'square', payload: z.object({ n: z.number() }), deps: { worker: workerName } }, async ({ payload, deps }) => {
      runs.push([deps.worker, payload.n])
      await new Promise((resolve) => setTimeout(resolve, 5))
      return payload.n * payload.n
    })
    const api = await instance([square], prefix, false)
    const workers = [await instance([square], prefix, { concurrency: 2 }), await instance([square], prefix, { concurrency: 2 })]
    workers.forEach((worker, n) => worker.dependencyOverrides.set(workerName, () => `worker ${n}`))
    const accepted = await Promise.all(Array.from({ length: 40 }, (_, n) => api.jobs.enqueue(square, { n })))
    await Promise.all(workers.map((worker) => worker.ready()))
    for (const job of accepted) await untilStatus(api, job.id, 'succeeded')
    expect(runs.map(([, n]) => n).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n))
    expect(new Set(runs.map(([worker]) => worker))).toEqual(new Set(['worker 0', 'worker 1']))
    expect((await api.jobs.get(square, accepted[7]?.id as string))?.result).toBe(49)
  })

  it('retries with backoff, keeps a dead letter, and refuses a payload that no longer validates without retrying it', async () => {
    const prefix = testKeyPrefix()
    const attempts: number[] = []
    const flaky = defineJob({ name: 'flaky', payload: z.object({ n: z.number() }), retries: 2, backoff: { type: 'fixed', delayMs: 10 } }, ({ attempt }) => {
      attempts.push(attempt)
      throw new Error(`attempt ${attempt} failed`)
    })
    const app = await instance([flaky], prefix)
    await app.ready()
    const { id } = await app.jobs.enqueue(flaky, { n: 1 })
    expect(await untilStatus(app, id, 'failed')).toMatchObject({ attempts: 3, maxAttempts: 3, error: 'attempt 3 failed' })
    expect(attempts).toEqual([1, 2, 3])
    expect((await app.jobs.deadLetters()).map((job) => job.id)).toEqual([id])

    // A payload written before a deploy changed the schema: the worker refuses it at once.
    const stale = 'stale-1'
    await new Queue('jobs', { connection: redis, prefix }).add('flaky', { n: 'one' }, { jobId: stale, attempts: 5 })
    expect(await untilStatus(app, stale, 'failed')).toMatchObject({ attempts: 1, maxAttempts: 5 })
    expect((await app.jobs.get(stale))?.error).toBe("The payload no longer validates against the job type 'flaky', so the job cannot run: n: Invalid input: expected number, received string")
    expect(attempts).toEqual([1, 2, 3])
  })

  it('makes one job for one key, and cancels queued and running jobs', async () => {
    const prefix = testKeyPrefix()
    const started = deferred()
    const block = defineJob({ name: 'block', payload: z.object({ n: z.number() }) }, async ({ signal }) => {
      started.resolve()
      await new Promise((resolve) => signal.addEventListener('abort', resolve))
      throw signal.reason
    })
    const api = await instance([block], prefix, false)
    const first = await api.jobs.enqueue(block, { n: 1 }, { key: 'nightly' })
    expect((await api.jobs.enqueue(block, { n: 1 }, { key: 'nightly' })).id).toBe(first.id)
    const second = await api.jobs.enqueue(block, { n: 2 })
    const worker = await instance([block], prefix)
    await worker.ready()
    await started.promise
    await untilStatus(api, first.id, 'running')

    const queued = await api.inject({ method: 'POST', url: `/jobs/${second.id}/cancel` })
    expect(queued.statusCode, queued.body).toBe(200)
    expect(queued.json()).toMatchObject({ status: 'cancelled', error: 'Cancelled before it ran' })
    expect((await api.inject({ url: `/jobs/${second.id}` })).json()).toMatchObject({ status: 'cancelled' })

    const running = await api.inject({ method: 'POST', url: `/jobs/${first.id}/cancel` })
    expect(running.statusCode, running.body).toBe(202)
    expect(await untilStatus(api, first.id, 'cancelled', 'failed')).toMatchObject({ status: 'cancelled', attempts: 1 })
    expect(await api.jobs.deadLetters()).toEqual([])
  })

  it('streams a job\'s progress as server-sent events from an instance that does not run it', async () => {
    const prefix = testKeyPrefix()
    const go = deferred()
    const build = defineJob({ name: 'build', payload: z.object({}) }, async ({ progress }) => {
      await go.promise
      await progress(30, 'compiled')
      await progress(60, 'linked')
      return 'ok'
    })
    const api = await instance([build], prefix, false)
    const worker = await instance([build], prefix)
    await worker.ready()
    const address = await api.listen({ port: 0, host: '127.0.0.1' })
    const { id } = await api.jobs.enqueue(build, {})
    await untilStatus(api, id, 'running')
    const res = await fetch(`${address}/jobs/${id}/events`)
    const reader = res.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>
    const text = await readUntil(reader, '', (sofar) => sofar.includes('\n\n'))
    go.resolve()
    const events = parseEvents(await readUntil(reader, text, () => false)).map((event) => event.data as { status: string, progress: { percent: number } })
    expect(events[0]?.status).toBe('running')
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', result: 'ok', progress: { percent: 60 } })
    // Each change once, in order (an instance that reads events from Redis may see a change twice: it is sent once).
    const percents = events.map((event) => event.progress.percent)
    expect(percents).toEqual([...percents].sort((a, b) => a - b))
    expect(percents).toContain(30)
  })
})
