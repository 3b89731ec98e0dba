import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

// A key is one request: its method, URL and body. The same key with another one is answered
// 422 (the draft's "Unprocessable Content"), whether the first has answered or still runs.

const REUSED = { detail: 'This Idempotency-Key was already used with another request: send a new key for a new request' }

async function app () {
  const instance = await buildApp({ idempotency: {} })
  const key = Idempotency()
  let runs = 0
  const handler = () => ({ run: ++runs })
  instance.api.post('/orders/', { body: z.object({ item: z.string() }), deps: { key } }, handler)
  instance.api.post('/returns/', { body: z.object({ item: z.string() }), deps: { key } }, handler)
  return { instance, runs: () => runs }
}

describe('an Idempotency-Key sent with another request', () => {
  it('answers 422 to the same key with another body, and runs nothing', async () => {
    const { instance, runs } = await app()
    const headers = { 'idempotency-key': 'k1' }
    expect((await instance.inject({ method: 'POST', url: '/orders/', headers, payload: { item: 'pen' } })).statusCode).toBe(200)
    const other = await instance.inject({ method: 'POST', url: '/orders/', headers, payload: { item: 'ink' } })
    expect(other.statusCode, other.body).toBe(422)
    expect(other.json()).toEqual(REUSED)
    expect(runs()).toBe(1)
  })

  it('answers 422 to the same key on another path, or with another query', async () => {
    const { instance } = await app()
    const headers = { 'idempotency-key': 'k2' }
    await instance.inject({ method: 'POST', url: '/orders/', headers, payload: { item: 'pen' } })
    expect((await instance.inject({ method: 'POST', url: '/returns/', headers, payload: { item: 'pen' } })).json()).toEqual(REUSED)
    expect((await instance.inject({ method: 'POST', url: '/orders/?gift=1', headers, payload: { item: 'pen' } })).statusCode).toBe(422)
  })

  it('answers 422, not 409, to another body while the first request still runs', async () => {
    const instance = await buildApp({ idempotency: {} })
    const started = deferred()
    const release = deferred()
    instance.api.post('/orders/', { body: z.object({ item: z.string() }), deps: { key: Idempotency() } }, async () => {
      started.resolve()
      await release.promise
      return 'done'
    })
    const headers = { 'idempotency-key': 'k3' }
    const first = instance.inject({ method: 'POST', url: '/orders/', headers, payload: { item: 'pen' } })
    await started.promise
    const other = await instance.inject({ method: 'POST', url: '/orders/', headers, payload: { item: 'ink' } })
    expect(other.statusCode, other.body).toBe(422)
    release.resolve()
    expect((await first).statusCode).toBe(200)
  })
})
