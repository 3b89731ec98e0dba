import { describe, expect, it } from 'vitest'
import { HTTPException, Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A failed first request (a thrown error, any 5xx, a timeout or a limit of the moment)
// stores nothing: its key is released, and the client's retry runs.

describe('a failed request releases its Idempotency-Key', () => {
  it('runs the retry of a request whose handler threw', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.api.post('/orders/', { deps: { key: Idempotency() } }, () => {
      if (++runs === 1) throw new Error('database down')
      return { run: runs }
    })
    const request = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'f1' } }
    const failed = await app.inject(request)
    expect(failed.statusCode).toBe(500)
    const retry = await app.inject(request)
    expect(retry.statusCode, retry.body).toBe(200)
    expect(retry.json()).toEqual({ run: 2 })
    expect(retry.headers['idempotent-replayed']).toBeUndefined()
  })

  it.each([500, 502, 503, 408, 409, 429])('does not store an answer of status %i', async (status) => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.api.post('/orders/', { deps: { key: Idempotency() } }, () => {
      if (++runs === 1) throw new HTTPException(status, 'Try again')
      return { run: runs }
    })
    const request = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'f2' } }
    expect((await app.inject(request)).statusCode).toBe(status)
    expect((await app.inject(request)).json()).toEqual({ run: 2 })
  })

  it('rolls back a generator dependency on a replay: the replay runs no work', async () => {
    const app = await buildApp({ idempotency: {} })
    const events: string[] = []
    const { Depends } = await import('fastify-fastapi')
    const transaction = Depends(async function * transaction () {
      events.push('begin')
      try {
        yield 'tx'
        events.push('commit')
      } catch (error) {
        events.push('rollback')
        throw error
      }
    })
    app.api.post('/orders/', { deps: { tx: transaction, key: Idempotency() } }, () => 'created')
    const request = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'g1' } }
    await app.inject(request)
    // A request-scoped generator cleans up after the response is sent.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const replay = await app.inject(request)
    expect(replay.statusCode, replay.body).toBe(200)
    expect(replay.body).toBe('"created"')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(events).toEqual(['begin', 'commit', 'begin', 'rollback'])
  })
})
