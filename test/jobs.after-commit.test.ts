import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, depsOf, HTTPException } from 'fastify-fastapi'
import { beginUnitOfWork, defineJob, Jobs, jobAccepted, type JobInfo } from 'fastify-fastapi/jobs'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'
import { untilStatus } from './helpers/jobs.js'

// A job enqueued inside a request's transaction is sent only if the transaction commits: a
// worker must never read rows that were rolled back. Here a generator dependency stands in
// for the database's transaction.

const sendReceipt = defineJob({ name: 'send-receipt', payload: z.object({ order: z.number() }) }, ({ payload }) => ({ sent: payload.order }))

// A transaction standing in for the database's: it logs its commit, or its rollback on an error.
function loggedTransaction (log: string[]) {
  return Depends({ scope: 'function' }, async function * transaction () {
    log.push('begin')
    try {
      yield 'tx'
      log.push('commit')
    } catch (error) {
      log.push('rollback')
      throw error
    }
  })
}

async function orderApp (transaction: ReturnType<typeof Depends<unknown>>, seen: { atCommit?: JobInfo | undefined }, fail: { handler?: boolean }): Promise<FastifyInstance> {
  const app = await buildApp({ jobs: { jobs: [sendReceipt] } })
  app.api.post('/orders', { ...jobAccepted, body: z.object({ order: z.number() }), deps: { tx: transaction, jobs: Jobs } }, async ({ body, deps }) => {
    const accepted = await deps.jobs.accept(sendReceipt, body)
    // Held: nothing is in the queue while the transaction is open.
    seen.atCommit = await app.jobs.get(accepted.id)
    if (fail.handler === true) throw new HTTPException(409, 'Out of stock')
    return accepted
  })
  return app
}

describe('jobs enqueued inside a request wait for it to succeed', () => {
  it('sends the job once the handler and its function-scoped transaction have finished, before the response', async () => {
    const log: string[] = []
    const seen: { atCommit?: JobInfo | undefined } = {}
    const app = await orderApp(loggedTransaction(log), seen, {})
    const res = await app.inject({ method: 'POST', url: '/orders', payload: { order: 1 } })
    expect(res.statusCode, res.body).toBe(202)
    expect(seen.atCommit).toBeUndefined()
    expect(log).toEqual(['begin', 'commit'])
    // Sent before the response went out: the client can read it at once.
    expect((await app.inject({ url: res.headers.location as string })).statusCode).toBe(200)
    expect(await untilStatus(app, res.json<{ id: string }>().id, 'succeeded')).toMatchObject({ result: { sent: 1 } })
  })

  it('drops the job when the request fails and its transaction rolls back', async () => {
    const log: string[] = []
    const seen: { atCommit?: JobInfo | undefined } = {}
    const app = await orderApp(loggedTransaction(log), seen, { handler: true })
    const res = await app.inject({ method: 'POST', url: '/orders', payload: { order: 2 } })
    expect(res.statusCode, res.body).toBe(409)
    expect(res.headers.location).toBeUndefined()
    expect(log).toEqual(['begin', 'rollback'])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await app.inject({ url: '/jobs/any' })).statusCode).toBe(404)
    expect(await app.jobs.deadLetters()).toEqual([])
  })

  it('drops the job when its function-scoped transaction fails to commit: the answer is a 500 in the error format', async () => {
    const log: string[] = []
    let lastId = ''
    // A COMMIT that fails (a serialization failure, the connection gone) after the handler succeeded.
    const failingCommit = Depends({ scope: 'function' }, async function * transaction () {
      log.push('begin')
      yield 'tx'
      log.push('commit failed')
      throw new Error('could not serialize access due to concurrent update')
    })
    const app = await buildApp({ jobs: { jobs: [sendReceipt] } })
    app.api.post('/orders', { ...jobAccepted, body: z.object({ order: z.number() }), deps: { tx: failingCommit, jobs: Jobs } }, async ({ body, deps }) => {
      const accepted = await deps.jobs.accept(sendReceipt, body)
      lastId = accepted.id
      return accepted
    })
    const res = await app.inject({ method: 'POST', url: '/orders', payload: { order: 6 } })
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(res.headers.location).toBeUndefined()
    expect(log).toEqual(['begin', 'commit failed'])
    expect(lastId).not.toBe('')
    // Given time to be sent, had it been: nothing was, and nothing runs.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await app.jobs.get(lastId)).toBeUndefined()
    expect((await app.inject({ url: `/jobs/${lastId}` })).statusCode).toBe(404)
    expect(await app.jobs.deadLetters()).toEqual([])
  })

  it('drops the job when the handler\'s value does not fit the response model: a 500, no job, no Location', async () => {
    let lastId = ''
    const app = await buildApp({ jobs: { jobs: [sendReceipt] } })
    app.api.post('/orders', { ...jobAccepted, body: z.object({ order: z.number() }), deps: { jobs: Jobs } }, async ({ body, deps }) => {
      const accepted = await deps.jobs.accept(sendReceipt, body)
      lastId = accepted.id
      // A status the JobAccepted model does not know.
      return { ...accepted, status: 'maybe' } as unknown as typeof accepted
    })
    const res = await app.inject({ method: 'POST', url: '/orders', payload: { order: 7 } })
    expect(res.statusCode, res.body).toBe(500)
    expect(res.headers.location).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await app.jobs.get(lastId)).toBeUndefined()
  })

  it('sends the job of a plain Fastify route with the Jobs dependency as its response is sent, and drops it when the route fails', async () => {
    const ids: string[] = []
    const app = await buildApp({ jobs: { jobs: [sendReceipt] } })
    const deps = { jobs: Jobs }
    app.post<{ Body: { order: number } }>('/orders', { deps }, async (request, reply) => {
      const accepted = await depsOf(request, deps).jobs.accept(sendReceipt, request.body)
      ids.push(accepted.id)
      if (request.body.order < 0) throw new HTTPException(409, 'Out of stock')
      return reply.send(accepted)
    })
    const res = await app.inject({ method: 'POST', url: '/orders', payload: { order: 8 } })
    expect(res.statusCode, res.body).toBe(202)
    expect(res.headers.location).toBe(`/jobs/${ids[0]}`)
    expect((await app.inject({ url: res.headers.location })).statusCode).toBe(200)

    const failed = await app.inject({ method: 'POST', url: '/orders', payload: { order: -1 } })
    expect(failed.statusCode, failed.body).toBe(409)
    expect(failed.headers.location).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await app.jobs.get(ids[1] as string)).toBeUndefined()
  })

  it('still sends the job of a request that succeeded after its client left', async () => {
    const release = deferred()
    const entered = deferred()
    let id = ''
    const app = await buildApp({ jobs: { jobs: [sendReceipt] } })
    app.api.post('/orders', { ...jobAccepted, body: z.object({ order: z.number() }), deps: { jobs: Jobs } }, async ({ body, deps }) => {
      const accepted = await deps.jobs.accept(sendReceipt, body)
      id = accepted.id
      entered.resolve()
      await release.promise
      return accepted
    })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const client = new AbortController()
    const sent = fetch(`${address}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order":5}', signal: client.signal }).catch(() => 'aborted')
    await entered.promise
    client.abort()
    expect(await sent).toBe('aborted')
    release.resolve()
    expect(await untilStatus(app, id, 'succeeded')).toMatchObject({ result: { sent: 5 } })
  })

  it('inside a unit of work, sends the job when the transaction reports its commit, and drops it when its commit fails', async () => {
    const log: string[] = []
    let commitFails = false
    const sentAtCommit: Array<JobInfo | undefined> = []
    let app!: FastifyInstance
    let lastId = ''
    const transaction = Depends({ scope: 'function' }, async function * transaction ({ request }) {
      const work = beginUnitOfWork(request)
      try {
        yield 'tx'
        if (commitFails) throw new Error('could not serialize access due to concurrent update')
        log.push('commit')
      } catch (error) {
        log.push('rollback')
        work.rolledBack()
        throw error
      }
      sentAtCommit.push(await app.jobs.get(lastId))
      await work.committed()
      log.push(`sent ${(await app.jobs.get(lastId))?.status ?? 'nothing'}`)
    })
    app = await buildApp({ jobs: { jobs: [sendReceipt] } })
    app.api.post('/orders', { ...jobAccepted, body: z.object({ order: z.number() }), deps: { tx: transaction, jobs: Jobs } }, async ({ body, deps }) => {
      const accepted = await deps.jobs.accept(sendReceipt, body)
      lastId = accepted.id
      return accepted
    })
    await app.ready()

    const committed = await app.inject({ method: 'POST', url: '/orders', payload: { order: 3 } })
    expect(committed.statusCode, committed.body).toBe(202)
    expect(sentAtCommit).toEqual([undefined])
    expect(log[0]).toBe('commit')
    expect(log[1]).toMatch(/^sent (queued|running|succeeded)$/)

    commitFails = true
    log.length = 0
    await app.inject({ method: 'POST', url: '/orders', payload: { order: 4 } })
    expect(log).toEqual(['rollback'])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await app.jobs.get(lastId)).toBeUndefined()
  })
})
