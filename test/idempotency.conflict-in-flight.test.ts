import { describe, expect, it } from 'vitest'
import { Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

// While the first request with a key runs, another with the same key is answered 409 (the
// draft's), and runs nothing; once the first has answered, the retry gets its answer.

describe('an Idempotency-Key still in flight', () => {
  it('answers 409 to the same key while the first request runs, then replays its answer', async () => {
    const app = await buildApp({ idempotency: {} })
    const started = deferred()
    const release = deferred()
    let runs = 0
    app.api.post('/charges', { status: 201, deps: { key: Idempotency() } }, async () => {
      runs++
      started.resolve()
      await release.promise
      return { charged: runs }
    })
    const request = { method: 'POST' as const, url: '/charges', headers: { 'idempotency-key': 'c1' }, payload: { amount: 5 } }

    const first = app.inject(request)
    await started.promise
    const second = await app.inject(request)
    expect(second.statusCode, second.body).toBe(409)
    expect(second.json()).toEqual({ detail: 'A request with this Idempotency-Key is still being processed: retry it later' })

    release.resolve()
    expect((await first).statusCode).toBe(201)
    const retry = await app.inject(request)
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.json()).toEqual({ charged: 1 })
    expect(runs).toBe(1)
  })

  it('runs exactly one of many concurrent requests with one key; the others get 409', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.api.post('/charges', { deps: { key: Idempotency() } }, async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 50))
      return { ok: true }
    })
    const answers = await Promise.all(Array.from({ length: 10 }, () => app.inject({ method: 'POST', url: '/charges', headers: { 'idempotency-key': 'same' } })))
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, ...Array<number>(9).fill(409)])
    expect(runs).toBe(1)
  })

  it('frees a key whose first request outlived lockTimeout: a retry runs again', async () => {
    const app = await buildApp({ idempotency: {} })
    const release = deferred()
    let runs = 0
    app.api.post('/slow', { deps: { key: Idempotency({ lockTimeout: 0.05 }) } }, async () => {
      runs++
      if (runs === 1) await release.promise
      return { run: runs }
    })
    const request = { method: 'POST' as const, url: '/slow', headers: { 'idempotency-key': 's' } }
    const first = app.inject(request)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const retry = await app.inject(request)
    expect(retry.statusCode, retry.body).toBe(200)
    expect(retry.json()).toEqual({ run: 2 })
    release.resolve()
    // The first one's late answer does not overwrite the answer of the claim that replaced it.
    expect((await first).json()).toEqual({ run: 2 })
    expect((await app.inject(request)).json()).toEqual({ run: 2 })
  })
})
