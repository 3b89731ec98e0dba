import { describe, expect, it } from 'vitest'
import { Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A key and its answer are kept `ttl` seconds (86 400, 24 hours, by default): past it, the
// same key runs again, as a new request.

describe('an Idempotency-Key expires', () => {
  it('runs a request again once its key\'s ttl has passed', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.api.post('/orders/', { deps: { key: Idempotency({ ttl: 0.1 }) } }, () => ({ run: ++runs }))
    const request = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'e1' } }

    expect((await app.inject(request)).json()).toEqual({ run: 1 })
    const replayed = await app.inject(request)
    expect(replayed.json()).toEqual({ run: 1 })
    expect(replayed.headers['idempotent-replayed']).toBe('true')
    await new Promise((resolve) => setTimeout(resolve, 150))
    const again = await app.inject(request)
    expect(again.json()).toEqual({ run: 2 })
    expect(again.headers['idempotent-replayed']).toBeUndefined()
  })

  it('keeps a key 24 hours by default', async () => {
    const app = await buildApp({ idempotency: {} })
    const realNow = Date.now
    let runs = 0
    app.api.post('/orders/', { deps: { key: Idempotency() } }, () => ({ run: ++runs }))
    const request = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'e2' } }
    await app.inject(request)
    try {
      const start = realNow()
      Date.now = () => start + 24 * 3600 * 1000 - 1000
      expect((await app.inject(request)).json()).toEqual({ run: 1 })
      Date.now = () => start + 24 * 3600 * 1000 + 1000
      expect((await app.inject(request)).json()).toEqual({ run: 2 })
    } finally {
      Date.now = realNow
    }
  })
})
