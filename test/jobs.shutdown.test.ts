import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { defineJob } from 'fastify-fastapi/jobs'
import { captureLogs } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

// The in-process queue lives in the process: a graceful shutdown runs every job it accepted
// (queued, running, waiting for a retry) before app.close() resolves; past drainTimeoutMs the
// rest are logged by id, lost with the process, as a crash would lose them.

describe('shutting down with jobs in the in-process queue', () => {
  it('runs the running, queued and retry-waiting jobs before app.close() resolves', async () => {
    const started = deferred()
    const release = deferred()
    const done: string[] = []
    let failedOnce = false
    const work = defineJob({ name: 'work', payload: z.object({ n: z.number() }), retries: 1, backoff: { type: 'fixed', delayMs: 60_000 } }, async ({ payload }) => {
      if (payload.n === 0) {
        started.resolve()
        await release.promise
      }
      if (payload.n === 9 && !failedOnce) {
        failedOnce = true
        throw new Error('try again in a minute')
      }
      done.push(String(payload.n))
    })
    const app = Fastify()
    await app.register(fastapi, { jobs: { jobs: [work], workers: { concurrency: 2 } } })
    await app.ready()
    await app.jobs.enqueue(work, { n: 0 })
    const retried = await app.jobs.enqueue(work, { n: 9 })
    await started.promise
    await expect.poll(async () => (await app.jobs.get(retried.id))?.status).toBe('queued')
    expect((await app.jobs.get(retried.id))?.attempts).toBe(1)
    const queued = await Promise.all([1, 2, 3, 4, 5].map((n) => app.jobs.enqueue(work, { n })))

    const closed = app.close()
    release.resolve()
    await closed
    expect(done.sort()).toEqual(['0', '1', '2', '3', '4', '5', '9'])
    for (const job of queued) expect((await app.jobs.get(job.id))?.status).toBe('succeeded')
  })

  it('logs the jobs it could not finish within drainTimeoutMs and aborts their signals', async () => {
    const logs = captureLogs()
    let aborted = false
    const stuck = defineJob({ name: 'stuck', payload: z.object({}) }, async ({ signal }) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve))
      aborted = true
    })
    const app = Fastify({ logger: { level: 'error', stream: logs.stream } })
    await app.register(fastapi, { jobs: { jobs: [stuck], drainTimeoutMs: 50 } })
    await app.ready()
    const running = await app.jobs.enqueue(stuck, {})
    const waiting = await app.jobs.enqueue(stuck, {})
    await expect.poll(async () => (await app.jobs.get(running.id))?.status).toBe('running')
    await app.close()
    expect(aborted).toBe(true)
    expect(logs.lines).toContainEqual(expect.objectContaining({
      level: 50,
      unfinished: [`stuck ${running.id}`, `stuck ${waiting.id}`],
      msg: `Shutdown timed out after 50 ms with 2 job(s) unfinished, lost with the process: stuck ${running.id}, stuck ${waiting.id}`,
    }))
  })
})
