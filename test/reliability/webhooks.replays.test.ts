// A provider retries what it thinks failed: a retry of an event already processed gets the
// first answer without running the handler twice, a duplicate arriving while the first runs
// is turned away (409, the provider retries), and a failed event stays unprocessed.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { HTTPException } from 'fastify-fastapi'
import { Webhook } from 'fastify-fastapi/webhooks'
import { buildApp } from '../helpers/app.js'
import { deferred } from '../helpers/deferred.js'
import { stripeEvent, stripeSignature } from '../helpers/webhooks.js'

const SECRET = 'whsec_replays'
const Event = z.object({ id: z.string(), type: z.string() })

function delivery (id: string) {
  const body = JSON.stringify(stripeEvent(id))
  // Stripe signs each attempt afresh: a retry has a new timestamp, the same event id.
  return () => ({ method: 'POST' as const, url: '/webhooks/stripe', payload: body, headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, SECRET) } })
}

describe('webhook replays', () => {
  it('answers a retry of a processed event with the first answer, running the handler once', async () => {
    const app = await buildApp()
    let runs = 0
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET }), body: Event, status: 201 }, ({ body }) => {
      runs++
      return { handled: body.id, run: runs }
    })
    const send = delivery('evt_once')
    const first = await app.inject(send())
    const retry = await app.inject(send())
    expect(first.statusCode, first.body).toBe(201)
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.body).toBe(first.body)
    expect(retry.headers['content-type']).toBe(first.headers['content-type'])
    expect(runs).toBe(1)
    // Another event runs.
    expect((await app.inject(delivery('evt_other')())).json()).toEqual({ handled: 'evt_other', run: 2 })
  })

  it('still checks a retry\'s signature before answering it', async () => {
    const app = await buildApp()
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET }), body: Event }, () => ({ ok: true }))
    const send = delivery('evt_signed')
    expect((await app.inject(send())).statusCode).toBe(200)
    const forged = send()
    forged.headers['stripe-signature'] = stripeSignature(forged.payload, 'whsec_forger')
    expect((await app.inject(forged)).statusCode).toBe(401)
  })

  it('turns away a duplicate that arrives while the first is running, with 409 and Retry-After', async () => {
    const app = await buildApp()
    const release = deferred()
    const started = deferred()
    let runs = 0
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET }), body: Event }, async () => {
      runs++
      started.resolve()
      await release.promise
      return { ok: true }
    })
    const send = delivery('evt_concurrent')
    const first = app.inject(send())
    await started.promise
    const duplicate = await app.inject(send())
    expect(duplicate.statusCode, duplicate.body).toBe(409)
    expect(duplicate.json()).toEqual({ detail: 'This webhook event is already being processed; retry later' })
    expect(duplicate.headers['retry-after']).toBe('5')
    release.resolve()
    expect((await first).statusCode).toBe(200)
    expect((await app.inject(send())).json()).toEqual({ ok: true })
    expect(runs).toBe(1)
  })

  it('lets the provider\'s retry run an event whose handler failed (5xx), and one it refused (4xx)', async () => {
    const app = await buildApp()
    let attempts = 0
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET }), body: Event }, () => {
      attempts++
      if (attempts === 1) throw new Error('the database is down')
      if (attempts === 2) throw new HTTPException(503, 'Try again')
      return { ok: attempts }
    })
    const send = delivery('evt_flaky')
    expect((await app.inject(send())).statusCode).toBe(500)
    expect((await app.inject(send())).statusCode).toBe(503)
    const third = await app.inject(send())
    expect(third.statusCode, third.body).toBe(200)
    expect(third.json()).toEqual({ ok: 3 })
    expect((await app.inject(send())).json()).toEqual({ ok: 3 })
    expect(attempts).toBe(3)
  })

  it('does not mark an event whose payload failed the model', async () => {
    const app = await buildApp()
    let runs = 0
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET }), body: Event.extend({ livemode: z.boolean() }) }, () => ({ runs: ++runs }))
    const send = delivery('evt_invalid')
    expect((await app.inject(send())).statusCode).toBe(422)
    expect((await app.inject(send())).statusCode).toBe(422)
    expect(runs).toBe(0)
  })

  it('runs every delivery with dedupe: false', async () => {
    const app = await buildApp()
    let runs = 0
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET, dedupe: false }), body: Event }, () => ({ runs: ++runs }))
    const send = delivery('evt_again')
    await app.inject(send())
    expect((await app.inject(send())).json()).toEqual({ runs: 2 })
  })

  it('keeps the events of two webhook routes apart: one event sent to both endpoints runs on each', async () => {
    const app = await buildApp()
    const runs: string[] = []
    const stripe = Webhook({ preset: 'stripe', secret: SECRET })
    app.api.post('/webhooks/stripe', { webhook: stripe, body: Event }, () => { runs.push('a'); return {} })
    app.api.post('/webhooks/stripe-copy', { webhook: stripe, body: Event }, () => { runs.push('b'); return {} })
    const send = delivery('evt_both')()
    await app.inject(send)
    await app.inject({ ...send, url: '/webhooks/stripe-copy' })
    await app.inject(send)
    expect(runs).toEqual(['a', 'b'])
  })

  it('forgets an event after the plugin\'s ttl', async () => {
    const app = await buildApp({ webhooks: { ttl: 1 } })
    let runs = 0
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET }), body: Event }, () => ({ runs: ++runs }))
    const send = delivery('evt_ttl')
    await app.inject(send())
    expect((await app.inject(send())).json()).toEqual({ runs: 1 })
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await app.inject(send())).json()).toEqual({ runs: 2 })
  })
})
