import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { defineJob, Jobs, jobAccepted, RequestJobs } from 'fastify-fastapi/jobs'
import { MemoryBackend } from '../src/jobs/memory-backend.js'
import { buildApp } from './helpers/app.js'

// What a request enqueued through `deps.jobs` is sent when it has succeeded, just before its
// answer: not after an answer it did not give (its handlerTimeout's 503), and when the queue
// cannot take it the request fails as a whole, its Location gone and its dependencies told.

const ran: number[] = []
const note = defineJob({ name: 'note', payload: z.object({ n: z.number() }) }, ({ payload }) => { ran.push(payload.n) })

describe('jobs held until the answer', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    ran.length = 0
  })

  it('sends no job a handler enqueues after its handlerTimeout answered 503', async () => {
    const app = await buildApp({ jobs: { jobs: [note] } })
    app.api.post('/slow', { handlerTimeout: 50, deps: { jobs: Jobs } }, async ({ deps }) => {
      await sleep(120)
      await deps.jobs.enqueue(note, { n: 1 })
      return { done: true }
    })
    const res = await app.inject({ method: 'POST', url: '/slow' })
    expect(res.statusCode).toBe(503)
    await sleep(150)
    expect(ran).toEqual([])
    await app.close()
  })

  it('drops every job of a request whose queue refused one: a 503 without any Location', async () => {
    const app = await buildApp({ jobs: { jobs: [note] } })
    // A second view of the request's jobs, as a dependency of the app's own might make one.
    const again = Depends(function again ({ request, reply }) { return new RequestJobs(app.jobs, request, reply) })
    app.api.post('/two', { ...jobAccepted, deps: { first: Jobs, second: again } }, async ({ deps }) => {
      await deps.first.enqueue(note, { n: 1 })
      return deps.second.accept(note, { n: 2 })
    })
    await app.ready()
    vi.spyOn(MemoryBackend.prototype, 'add').mockRejectedValue(new Error('the queue is full'))
    const res = await app.inject({ method: 'POST', url: '/two' })
    expect(res.statusCode, res.body).toBe(503)
    expect(res.headers.location).toBeUndefined()
    await app.close()
  })

  it('tells a request-scoped dependency that the request failed when its jobs could not be sent', async () => {
    const exits: string[] = []
    const session = Depends(async function * session () {
      try {
        yield 'session'
        exits.push('commit')
      } catch (error) {
        exits.push(`rollback: ${(error as Error).message}`)
        throw error
      }
    })
    const app = await buildApp({ jobs: { jobs: [note] } })
    app.api.post('/orders', { ...jobAccepted, deps: { db: session, jobs: Jobs } }, ({ deps }) => deps.jobs.accept(note, { n: 3 }))
    await app.ready()
    vi.spyOn(MemoryBackend.prototype, 'add').mockRejectedValue(new Error('the queue is full'))
    const res = await app.inject({ method: 'POST', url: '/orders' })
    expect(res.statusCode, res.body).toBe(503)
    await vi.waitFor(() => { expect(exits).toEqual(['rollback: The job queue is unavailable: try again later']) })
    await app.close()
  })
})
