import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineJob } from 'fastify-fastapi/jobs'
import { buildApp } from './helpers/app.js'
import { untilStatus } from './helpers/jobs.js'

// A job that throws runs again, after a backoff, up to its retries; then it is a dead letter
// (`failed`), kept until retried. A payload that no longer validates is never retried.

describe('retries, backoff, timeouts and dead letters', () => {
  it('runs a failing job again after its backoff until an attempt succeeds', async () => {
    const started: number[] = []
    const flaky = defineJob({ name: 'flaky', payload: z.object({}), retries: 3, backoff: { type: 'exponential', delayMs: 20 } }, ({ attempt }) => {
      started.push(Date.now())
      if (attempt < 3) throw new Error(`attempt ${attempt} failed`)
      return { attempt }
    })
    const app = await buildApp({ jobs: { jobs: [flaky] } })
    await app.ready()
    const { id } = await app.jobs.enqueue(flaky, {})
    // Between attempts it is queued again, with the last attempt's error.
    expect(await untilStatus(app, id, 'queued', 'succeeded')).toMatchObject({ status: 'queued', attempts: 1, error: 'attempt 1 failed' })
    const job = await untilStatus(app, id, 'succeeded')
    expect(job).toMatchObject({ attempts: 3, maxAttempts: 4, result: { attempt: 3 }, error: null })
    // 20 ms, then 40 ms: exponential.
    expect((started[1] as number) - (started[0] as number)).toBeGreaterThanOrEqual(19)
    expect((started[2] as number) - (started[1] as number)).toBeGreaterThanOrEqual(39)
  })

  it('leaves a job that failed every attempt as a dead letter, which retry() queues again', async () => {
    let fail = true
    const charge = defineJob({ name: 'charge', payload: z.object({ cents: z.number() }), retries: 1, backoff: { type: 'fixed', delayMs: 1 } }, () => {
      if (fail) throw new Error('card declined')
      return 'charged'
    })
    const app = await buildApp({ jobs: { jobs: [charge] } })
    await app.ready()
    const { id } = await app.jobs.enqueue(charge, { cents: 500 })
    expect(await untilStatus(app, id, 'failed')).toMatchObject({ attempts: 2, maxAttempts: 2, error: 'card declined', result: null })
    expect((await app.jobs.deadLetters()).map((job) => job.id)).toEqual([id])

    fail = false
    await app.jobs.retry(id)
    expect(await untilStatus(app, id, 'succeeded')).toMatchObject({ attempts: 1, result: 'charged', error: null })
    expect(await app.jobs.deadLetters()).toEqual([])
  })

  it('fails an attempt past its timeoutMs, with its signal aborted', async () => {
    let aborted: unknown
    const slow = defineJob({ name: 'slow', payload: z.object({}), timeoutMs: 50 }, async ({ signal }) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve))
      aborted = signal.reason
      await new Promise(() => {}) // ignores its signal: it is not waited for
    })
    const app = await buildApp({ jobs: { jobs: [slow] } })
    await app.ready()
    const { id } = await app.jobs.enqueue(slow, {})
    expect(await untilStatus(app, id, 'failed')).toMatchObject({ attempts: 1, error: 'The attempt timed out after 50 ms' })
    expect((aborted as Error).name).toBe('JobTimeoutError')
  })

  it('fails a job whose payload no longer validates when it runs, clearly and without retries', async () => {
    let schema: z.ZodType = z.object({ email: z.string() })
    const ran: unknown[] = []
    const welcome = defineJob({ name: 'welcome', payload: z.object({ email: z.string() }).check((ctx) => { if (!schema.safeParse(ctx.value).success) ctx.issues.push({ code: 'custom', message: 'Value error, the user needs a name now', input: ctx.value }) }), retries: 5 },
      ({ payload }) => { ran.push(payload) })
    const app = await buildApp({ jobs: { jobs: [welcome], workers: { concurrency: 1 } } })
    // Enqueued under the old schema; a deploy changes it before a worker takes the job.
    const { id } = await app.jobs.enqueue(welcome, { email: 'ada@example.com' })
    schema = z.object({ email: z.string(), name: z.string() })
    await app.ready()
    const job = await untilStatus(app, id, 'failed')
    expect(job.attempts).toBe(1)
    expect(job.error).toBe("The payload no longer validates against the job type 'welcome', so the job cannot run: (payload): Value error, the user needs a name now")
    expect(ran).toEqual([])
  })

  it('makes one job for one key: a second enqueue with the same key returns the first job', async () => {
    let runs = 0
    const invoice = defineJob({ name: 'invoice', payload: z.object({ order: z.number() }) }, () => ++runs)
    const app = await buildApp({ jobs: { jobs: [invoice] } })
    await app.ready()
    const first = await app.jobs.enqueue(invoice, { order: 7 }, { key: 'order-7' })
    const second = await app.jobs.enqueue(invoice, { order: 7 }, { key: 'order-7' })
    const other = await app.jobs.enqueue(invoice, { order: 8 }, { key: 'order-8' })
    expect(second.id).toBe(first.id)
    expect(other.id).not.toBe(first.id)
    await untilStatus(app, first.id, 'succeeded')
    await untilStatus(app, other.id, 'succeeded')
    await app.jobs.enqueue(invoice, { order: 7 }, { key: 'order-7' })
    expect(runs).toBe(2)
  })
})
