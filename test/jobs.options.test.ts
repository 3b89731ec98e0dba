import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { defineJob, fastapiJobs } from 'fastify-fastapi/jobs'
import { buildApp } from './helpers/app.js'

// Mistakes are found at registration (or when a job type is declared), each with a coded
// error that names the option and the fix.

const noop = defineJob({ name: 'noop', payload: z.object({}) }, () => null)

describe('the jobs plugin\'s options', () => {
  it.each([
    [{ jobs: [] }, "fastify-fastapi/jobs: option 'jobs' must be an array of the job types this app runs, made with defineJob(...); got object []"],
    [{ jobs: [noop, noop] }, "fastify-fastapi/jobs: option 'jobs' has two job types named 'noop': give each its own name"],
    [{ jobs: [noop], workers: false }, "fastify-fastapi/jobs: option 'workers' is false, but the in-process queue has no other worker: its jobs would never run. Keep workers on, or give 'bullmq' and run workers in other processes"],
    [{ jobs: [noop], workers: { concurrency: 0 } }, "fastify-fastapi/jobs: option 'workers.concurrency' must be an integer of at least 1, like 4; got number 0"],
    [{ jobs: [noop], bullmq: { redis: 'http://localhost' } }, "fastify-fastapi/jobs: option 'bullmq.redis' must be a Redis URL ('redis://127.0.0.1:6379', 'rediss://...' for TLS) or an ioredis client (new Redis(...)); got the string 'http://localhost'"],
    [{ jobs: [noop], bullmq: { redis: 'redis://127.0.0.1:6379', queue: 'a:b' } }, "fastify-fastapi/jobs: option 'bullmq.queue' must not contain ':' (BullMQ joins keys with it); got 'a:b'"],
    [{ jobs: [noop], routes: { prefix: 'jobs' } }, "fastify-fastapi/jobs: option 'routes.prefix' must be a path that starts with '/' and does not end with one, like '/jobs'; got string 'jobs'"],
    [{ jobs: [noop], enqueueTimeoutMs: 0 }, "fastify-fastapi/jobs: option 'enqueueTimeoutMs' must be a whole number of milliseconds, 1 or more; got number 0"],
    [{ jobs: [noop], retention: { count: 0 } }, "fastify-fastapi/jobs: option 'retention.count' must be an integer of at least 1, like 10000; got number 0"],
    [{ jobs: [noop], queue: 'x' }, "fastify-fastapi/jobs: option 'queue' is not an option of fastify-fastapi/jobs; its options are: jobs, bullmq, workers, routes, drainTimeoutMs, enqueueTimeoutMs, retention"],
  ])('refuses %j with a message naming the option', async (options, message) => {
    const app = Fastify()
    // Each of these options is wrong on purpose.
    await expect(app.register(fastapi, { jobs: options as never })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
  })

  it.each([
    [{ name: 'has space', payload: z.object({}) }, "defineJob(): 'name' must be 1 to 100 letters, digits, '_', '.' or '-' ('export-orders'); got 'has space'."],
    [{ name: 'x', payload: { since: 'string' } }, "defineJob(): x: 'payload' must be a zod schema (z.object({ ... })); got { since: 'string' }."],
    [{ name: 'x', payload: z.object({}), retries: -1 }, "defineJob(): x: 'retries' must be a whole number, 0 or more; got -1."],
    [{ name: 'x', payload: z.object({}), backoff: { type: 'linear', delayMs: 5 } }, "defineJob(): x: 'backoff' must be { type: 'fixed' | 'exponential', delayMs: 0 or more }; got { type: 'linear', delayMs: 5 }."],
    [{ name: 'x', payload: z.object({}), deps: { db: () => 1 } }, "defineJob(): x: deps.db must be a dependency made with Depends(fn); got [Function: db]."],
  ])('refuses a job type declared with %j', (options, message) => {
    // @ts-expect-error  each of these declarations is wrong on purpose
    expect(() => defineJob(options, () => null)).toThrow(expect.objectContaining({ code: 'FFA_ERR_JOB_INVALID', message }))
  })

  it('refuses to enqueue a job type the plugin was not given', async () => {
    const app = await buildApp({ jobs: { jobs: [noop] } })
    const other = defineJob({ name: 'other', payload: z.object({}) }, () => null)
    await expect(app.jobs.enqueue(other, {})).rejects.toMatchObject({
      code: 'FFA_ERR_JOB_UNKNOWN',
      message: "The job type 'other' is not registered with the jobs plugin (its types: noop): add it to the plugin's `jobs` option.",
    })
  })

  it('works alone, in three lines, on a Fastify app with the depends plugin', async () => {
    const app = Fastify()
    await app.register((await import('fastify-fastapi/depends')).fastapiDepends)
    await app.register(fastapiJobs, { jobs: [noop], routes: false })
    await app.ready()
    const { id, location } = await app.jobs.enqueue(noop, {})
    expect(location).toBeNull()
    await expect.poll(async () => (await app.jobs.get(id))?.status).toBe('succeeded')
    await app.close()
  })
})
