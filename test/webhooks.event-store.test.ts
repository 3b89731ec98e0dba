// The memory store of processed events: bounded (maxEntries, 100 000 by default), claims that
// lapse (lockTimeout, 60 s by default), answers kept for the ttl (3 days by default).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { MemoryEventStore, Webhook } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'
import { githubSignature } from './helpers/webhooks.js'

const ANSWER = { status: 200, contentType: 'application/json; charset=utf-8', body: '{"ok":true}' }

describe('the memory event store', () => {
  it('claims an event once, answers a second claim with in-flight, then with the recorded answer', () => {
    const store = new MemoryEventStore(10)
    const claim = store.claim('e1', 60_000)
    expect(claim.kind).toBe('claimed')
    expect(store.claim('e1', 60_000)).toEqual({ kind: 'in-flight' })
    store.complete('e1', (claim as { token: string }).token, ANSWER, 60_000)
    expect(store.claim('e1', 60_000)).toEqual({ kind: 'done', answer: ANSWER })
  })

  it('lets a claim that was never completed lapse after its lock time, and a released one at once', async () => {
    const store = new MemoryEventStore(10)
    expect(store.claim('lapsing', 20).kind).toBe('claimed')
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(store.claim('lapsing', 20).kind).toBe('claimed')
    const released = store.claim('released', 60_000) as { token: string }
    store.release('released', 'someone else\'s token')
    expect(store.claim('released', 60_000)).toEqual({ kind: 'in-flight' })
    store.release('released', released.token)
    expect(store.claim('released', 60_000).kind).toBe('claimed')
  })

  it('keeps at most maxEntries events, forgetting the oldest first', () => {
    const store = new MemoryEventStore(3)
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      const claim = store.claim(key, 60_000) as { token: string }
      store.complete(key, claim.token, ANSWER, 60_000)
    }
    expect(store.size).toBe(3)
    expect(store.claim('a', 60_000).kind).toBe('claimed')
    expect(store.claim('e', 60_000).kind).toBe('done')
  })

  it('takes its bound from the plugin\'s maxEntries', async () => {
    const app = await buildApp({ webhooks: { maxEntries: 1 } })
    let runs = 0
    app.api.post('/hook', { webhook: Webhook({ preset: 'github', secret: 's' }), body: z.object({ n: z.int() }) }, () => ({ runs: ++runs }))
    const send = (delivery: string) => app.inject({ method: 'POST', url: '/hook', payload: '{"n":1}', headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature('{"n":1}', 's'), 'x-github-delivery': delivery } })
    await send('d1')
    await send('d2')
    // d1 was pushed out by d2: its redelivery runs again.
    expect((await send('d1')).json()).toEqual({ runs: 3 })
  })

  it('refuses an event id longer than 256 characters', async () => {
    const app = await buildApp()
    app.api.post('/hook', { webhook: Webhook({ preset: 'github', secret: 's' }), body: z.object({ n: z.int() }) }, () => ({ ok: true }))
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature('{"n":1}', 's') }
    expect((await app.inject({ method: 'POST', url: '/hook', payload: '{"n":1}', headers: { ...headers, 'x-github-delivery': 'd'.repeat(256) } })).statusCode).toBe(200)
    const long = await app.inject({ method: 'POST', url: '/hook', payload: '{"n":1}', headers: { ...headers, 'x-github-delivery': 'd'.repeat(257) } })
    expect(long.statusCode, long.body).toBe(400)
    expect(long.json()).toEqual({ detail: 'Malformed webhook event id (the x-github-delivery header): a string of 1 to 256 characters or an integer' })
  })
})
