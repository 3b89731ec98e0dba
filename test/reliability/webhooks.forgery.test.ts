import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Webhook } from 'fastify-fastapi/webhooks'
import { buildApp } from '../helpers/app.js'
import { standardHeaders, stripeEvent, stripeSignature } from '../helpers/webhooks.js'

// Forged and replayed deliveries beyond the signature checks of each preset (tested beside
// them: a tampered body, another secret, a stale timestamp, in test/webhooks.stripe.test.ts
// and the others): the tricks an attacker who saw one genuine delivery can try.

const SECRET = 'whsec_test_5f3a9c'
const STANDARD_SECRET = `whsec_${Buffer.from('a-standard-webhooks-secret-32by!').toString('base64')}`
const Event = z.object({ id: z.string(), type: z.string(), data: z.object({ object: z.object({ id: z.string(), amount: z.number().int() }).loose() }) })

async function receiver () {
  const app = await buildApp()
  const received: string[] = []
  app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET }), body: Event }, ({ body }) => {
    received.push(`${body.id}:${body.data.object.amount}`)
    return { received: true }
  })
  app.api.post('/webhooks/standard', { webhook: Webhook({ preset: 'standard', secret: STANDARD_SECRET }), body: z.object({ type: z.string() }) }, ({ body }) => {
    received.push(body.type)
    return { received: true }
  })
  return { app, received }
}

const stripe = (body: string, signature: string) => ({ method: 'POST' as const, url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, payload: body })

describe('Webhook forgery and replay', () => {
  it('runs a genuine Stripe delivery replayed with its signature once, however often it is sent', async () => {
    const { app, received } = await receiver()
    const body = JSON.stringify(stripeEvent('evt_1'))
    const signature = stripeSignature(body, SECRET)
    const answers = await Promise.all(Array.from({ length: 10 }, () => app.inject(stripe(body, signature))))
    for (const res of answers) expect([200, 409], res.body).toContain(res.statusCode)
    expect((await app.inject(stripe(body, signature))).statusCode).toBe(200)
    expect(received).toEqual(['evt_1:2000'])
  })

  it('refuses a seen signature put on another body, and a seen timestamp with a signature of its own making', async () => {
    const { app, received } = await receiver()
    const body = JSON.stringify(stripeEvent('evt_1'))
    const signature = stripeSignature(body, SECRET)
    const forged = JSON.stringify(stripeEvent('evt_2', 'payment_intent.succeeded', { id: 'pi_1', amount: 1, metadata: {} }))
    expect((await app.inject(stripe(forged, signature))).statusCode).toBe(401)
    const t = signature.split(',')[0] as string
    expect((await app.inject(stripe(forged, `${t},v1=${'0'.repeat(64)}`))).statusCode).toBe(401)
    expect(received).toEqual([])
  })

  it('refuses the genuine signature moved to v0, an empty v1, no v1 at all, and an empty timestamp', async () => {
    const { app, received } = await receiver()
    const body = JSON.stringify(stripeEvent('evt_3'))
    const genuine = stripeSignature(body, SECRET)
    const t = genuine.split(',')[0] as string
    for (const header of [`${t},v0=${genuine.split('v1=')[1] as string}`, `${t},v1=`, `${t}`, `t=,v1=${genuine.split('v1=')[1] as string}`]) {
      const res = await app.inject(stripe(body, header))
      expect([400, 401], `${header}: ${res.body}`).toContain(res.statusCode)
    }
    expect(received).toEqual([])
  })

  it('refuses a Standard Webhooks delivery whose id was changed to pass as a new event', async () => {
    const { app, received } = await receiver()
    const body = JSON.stringify({ type: 'invoice.paid' })
    const headers = standardHeaders(body, STANDARD_SECRET, 'msg_1')
    expect((await app.inject({ method: 'POST', url: '/webhooks/standard', headers, payload: body })).statusCode).toBe(200)
    const renamed = await app.inject({ method: 'POST', url: '/webhooks/standard', headers: { ...headers, 'webhook-id': 'msg_2' }, payload: body })
    expect(renamed.statusCode, renamed.body).toBe(401)
    expect(received).toEqual(['invoice.paid'])
  })

  it('refuses a signed delivery over the body limit with 413 before checking or running anything', async () => {
    const { app, received } = await receiver()
    const body = JSON.stringify({ ...stripeEvent('evt_big'), padding: 'x'.repeat(1024 * 1024) })
    const res = await app.inject(stripe(body, stripeSignature(body, SECRET)))
    expect(res.statusCode, res.body.slice(0, 200)).toBe(413)
    expect(received).toEqual([])
  })
})
