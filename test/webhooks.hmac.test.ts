// The generic verifier: any provider that sends `header: [prefix]hex-or-base64(HMAC-SHA256(secret, body))`.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Webhook, type HmacWebhookOptions } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'

const SECRET = 'shpss_generic'
const Order = z.object({ id: z.number().int(), total: z.string() })
const BODY = '{"id":42,"total":"11.50"}'

async function hmacApp (options: Omit<HmacWebhookOptions, 'secret'>) {
  const app = await buildApp()
  let runs = 0
  app.api.post('/webhooks/orders', { webhook: Webhook({ secret: SECRET, ...options }), body: Order }, ({ body }) => ({ id: body.id, runs: ++runs }))
  return app
}

const sign = (body: string, encoding: 'hex' | 'base64', secret = SECRET) => createHmac('sha256', secret).update(body).digest(encoding)

describe('a generic HMAC-SHA256 webhook', () => {
  it('reads a base64 signature in a header of its choosing (Shopify\'s X-Shopify-Hmac-Sha256)', async () => {
    const app = await hmacApp({ header: 'X-Shopify-Hmac-Sha256', encoding: 'base64' })
    const res = await app.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': sign(BODY, 'base64') } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ id: 42, runs: 1 })
    const bad = await app.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': sign(BODY, 'base64', 'other') } })
    expect(bad.statusCode).toBe(401)
    const missing = await app.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers: { 'content-type': 'application/json' } })
    expect(missing.json()).toEqual({ detail: 'Missing the X-Shopify-Hmac-Sha256 header' })
  })

  it('reads a hex signature after a prefix, and runs every delivery when it has no event id', async () => {
    const app = await hmacApp({ header: 'X-Signature', prefix: 'sha256=' })
    const headers = { 'content-type': 'application/json', 'x-signature': `sha256=${sign(BODY, 'hex')}` }
    expect((await app.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers })).json()).toEqual({ id: 42, runs: 1 })
    expect((await app.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers })).json()).toEqual({ id: 42, runs: 2 })
    // Upper-case hex is the same bytes.
    expect((await app.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers: { ...headers, 'x-signature': `sha256=${sign(BODY, 'hex').toUpperCase()}` } })).statusCode).toBe(200)
    for (const value of [sign(BODY, 'hex'), 'sha256=', 'sha256=abc', `sha256=${sign(BODY, 'base64')}`]) {
      const res = await app.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers: { ...headers, 'x-signature': value } })
      expect(res.statusCode, value).toBe(400)
      expect(res.json()).toEqual({ detail: 'Malformed X-Signature header' })
    }
  })

  it('refuses a truncated signature (a prefix of the right one) as not matching', async () => {
    const app = await hmacApp({ header: 'X-Signature' })
    const res = await app.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers: { 'content-type': 'application/json', 'x-signature': sign(BODY, 'hex').slice(0, 32) } })
    expect(res.statusCode, res.body).toBe(401)
  })

  it('deduplicates by an event id header, or a field of the payload', async () => {
    const byHeader = await hmacApp({ header: 'X-Signature', eventId: { header: 'X-Event-Id' } })
    const headers = { 'content-type': 'application/json', 'x-signature': sign(BODY, 'hex'), 'x-event-id': 'e-1' }
    await byHeader.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers })
    expect((await byHeader.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers })).json()).toEqual({ id: 42, runs: 1 })

    const byField = await hmacApp({ header: 'X-Signature', eventId: { field: 'id' } })
    const signed = { 'content-type': 'application/json', 'x-signature': sign(BODY, 'hex') }
    await byField.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers: signed })
    expect((await byField.inject({ method: 'POST', url: '/webhooks/orders', payload: BODY, headers: signed })).json()).toEqual({ id: 42, runs: 1 })
    const noId = '{"total":"1.00"}'
    const res = await byField.inject({ method: 'POST', url: '/webhooks/orders', payload: noId, headers: { ...signed, 'x-signature': sign(noId, 'hex') } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: "Missing the webhook event id (the payload's 'id')" })
  })
})
