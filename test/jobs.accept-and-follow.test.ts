import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineJob, Jobs, jobAccepted } from 'fastify-fastapi/jobs'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'
import { untilStatus } from './helpers/jobs.js'

// FastAPI's first issue asked for this: accept work, answer 202 with an id, let the client
// follow it. A job type is declared once; a route enqueues it; /jobs/{id} reports on it.

describe('a job accepted by a route and followed by id', () => {
  it('answers 202 with the id and a Location, then reports the job queued, running with progress, and succeeded with its result', async () => {
    const release = deferred()
    const exportOrders = defineJob({
      name: 'export-orders',
      payload: z.object({ since: z.iso.date(), format: z.enum(['csv', 'json']).default('csv') }),
    }, async ({ payload, progress }) => {
      await progress(40, 'orders read')
      await release.promise
      return { rows: 3, format: payload.format, since: payload.since }
    })
    const app = await buildApp({ jobs: { jobs: [exportOrders] } })
    app.api.post('/reports', { ...jobAccepted, body: z.object({ since: z.iso.date() }), deps: { jobs: Jobs } },
      ({ body, deps }) => deps.jobs.accept(exportOrders, body))

    const res = await app.inject({ method: 'POST', url: '/reports', payload: { since: '2026-01-01' } })
    expect(res.statusCode, res.body).toBe(202)
    const { id } = res.json<{ id: string }>()
    expect(res.json()).toEqual({ id, status: 'queued', location: `/jobs/${id}` })
    expect(res.headers.location).toBe(`/jobs/${id}`)

    await untilStatus(app, id, 'running')
    await expect.poll(async () => (await app.inject({ url: `/jobs/${id}` })).json<{ progress: unknown }>().progress).toEqual({ percent: 40, message: 'orders read' })
    const running = (await app.inject({ url: `/jobs/${id}` })).json()
    expect(running).toMatchObject({ id, name: 'export-orders', status: 'running', attempts: 1, maxAttempts: 1, result: null, error: null, finishedAt: null })

    release.resolve()
    await untilStatus(app, id, 'succeeded')
    const done = await app.inject({ url: `/jobs/${id}` })
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ status: 'succeeded', progress: { percent: 40, message: 'orders read' }, result: { rows: 3, format: 'csv', since: '2026-01-01' } })
    expect(typeof done.json<{ finishedAt: unknown }>().finishedAt).toBe('string')
  })

  it('answers 404 in FastAPI\'s shape for an id it does not know', async () => {
    const noop = defineJob({ name: 'noop', payload: z.object({}) }, () => null)
    const app = await buildApp({ jobs: { jobs: [noop] } })
    const res = await app.inject({ url: '/jobs/nope' })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Job not found' })
  })

  it('answers 422 in FastAPI\'s shape when a route enqueues a payload the job type refuses, and queues nothing', async () => {
    const ran: unknown[] = []
    const resize = defineJob({ name: 'resize', payload: z.object({ width: z.number().int().positive() }) }, ({ payload }) => { ran.push(payload) })
    const app = await buildApp({ jobs: { jobs: [resize] } })
    app.api.post('/images', { ...jobAccepted, body: z.object({ width: z.number() }), deps: { jobs: Jobs } },
      ({ body, deps }) => deps.jobs.accept(resize, body))

    const res = await app.inject({ method: 'POST', url: '/images', payload: { width: -3 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'greater_than', loc: ['body', 'width'], msg: 'Input should be greater than 0', input: -3, ctx: { gt: 0 } }] })
    expect(await app.jobs.deadLetters()).toEqual([])
    expect(ran).toEqual([])
  })
})
