import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineJob } from 'fastify-fastapi/jobs'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'
import { parseEvents, readUntil, untilStatus } from './helpers/jobs.js'

// POST /jobs/{id}/cancel stops a job (a queued one at once, a running one through its
// signal); GET /jobs/{id}/events streams its progress as server-sent events until it ends.

describe('cancelling and following jobs', () => {
  it('cancels a queued job at once (200) and a running one through its signal (202), and refuses a finished one (409)', async () => {
    const started = deferred()
    let reason: unknown
    const crunch = defineJob({ name: 'crunch', payload: z.object({ n: z.number() }), retries: 3 }, async ({ signal }) => {
      started.resolve()
      await new Promise((resolve) => signal.addEventListener('abort', resolve))
      reason = signal.reason
      throw signal.reason
    })
    const app = await buildApp({ jobs: { jobs: [crunch] } })
    await app.ready()
    const running = await app.jobs.enqueue(crunch, { n: 1 })
    const queued = await app.jobs.enqueue(crunch, { n: 2 })
    await started.promise

    const cancelQueued = await app.inject({ method: 'POST', url: `/jobs/${queued.id}/cancel` })
    expect(cancelQueued.statusCode, cancelQueued.body).toBe(200)
    expect(cancelQueued.json()).toMatchObject({ id: queued.id, status: 'cancelled', attempts: 0, error: 'Cancelled before it ran' })

    const cancelRunning = await app.inject({ method: 'POST', url: `/jobs/${running.id}/cancel` })
    expect(cancelRunning.statusCode, cancelRunning.body).toBe(202)
    expect(cancelRunning.json()).toMatchObject({ id: running.id, status: 'running' })
    // Not retried, though it has retries left: a cancel is final.
    expect(await untilStatus(app, running.id, 'cancelled', 'failed')).toMatchObject({ status: 'cancelled', attempts: 1, error: 'Cancelled: the job was cancelled while it ran' })
    expect((reason as Error).name).toBe('JobCancelledError')

    const again = await app.inject({ method: 'POST', url: `/jobs/${running.id}/cancel` })
    expect(again.statusCode, again.body).toBe(409)
    expect(again.json()).toEqual({ detail: 'The job has already finished: it is cancelled' })
    expect((await app.inject({ method: 'POST', url: '/jobs/unknown/cancel' })).statusCode).toBe(404)
  })

  it('streams the job, then each change of its status and progress, as server-sent events until it ends', async () => {
    const step = deferred()
    const build = defineJob({ name: 'build-site', payload: z.object({}) }, async ({ progress }) => {
      await step.promise
      await progress(50, 'pages rendered')
      await progress(90, 'assets copied')
      return { pages: 12 }
    })
    const app = await buildApp({ jobs: { jobs: [build] } })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const { id } = await app.jobs.enqueue(build, {})
    await untilStatus(app, id, 'running')

    const res = await fetch(`${address}/jobs/${id}/events`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = res.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>
    // The job as it is now comes first, before anything changes.
    let text = await readUntil(reader, '', (sofar) => sofar.includes('\n\n'))
    expect(parseEvents(text)[0]).toMatchObject({ event: 'running', data: { id, status: 'running', progress: { percent: 0, message: null } } })

    step.resolve()
    text = await readUntil(reader, text, () => false)
    const events = parseEvents(text)
    expect(events.map((event) => [event.event, event.data.status, (event.data.progress as { percent: number }).percent])).toEqual([
      ['running', 'running', 0],
      ['progress', 'running', 50],
      ['progress', 'running', 90],
      ['succeeded', 'succeeded', 90],
    ])
    expect(events.at(-1)?.data.result).toEqual({ pages: 12 })
  })

  it('answers 404 before any stream for an unknown job', async () => {
    const noop = defineJob({ name: 'noop', payload: z.object({}) }, () => null)
    const app = await buildApp({ jobs: { jobs: [noop] } })
    const res = await app.inject({ url: '/jobs/unknown/events' })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toEqual({ detail: 'Job not found' })
  })
})
