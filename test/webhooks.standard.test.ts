// Standard Webhooks (standardwebhooks.com, Svix's scheme), signed as its spec documents:
// `webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`,
// keyed with the base64-decoded bytes of the `whsec_` secret.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Webhook, webhookOf } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'
import { standardHeaders } from './helpers/webhooks.js'

const SECRET = `whsec_${randomBytes(24).toString('base64')}`
const Event = z.object({ type: z.literal('invoice.paid'), data: z.object({ invoice: z.string() }) })
const BODY = '{"type":"invoice.paid","data":{"invoice":"in_1"}}'

async function standardApp (secret: string | string[] = SECRET) {
  const app = await buildApp()
  const seen: Array<{ id: string | undefined, timestamp: number | undefined, invoice: string }> = []
  app.api.post('/webhooks/billing', { webhook: Webhook({ preset: 'standard', secret }), body: Event, status: 204 }, ({ body, request }) => {
    const delivery = webhookOf(request)
    seen.push({ id: delivery?.id, timestamp: delivery?.timestamp, invoice: body.data.invoice })
  })
  return { app, seen }
}

describe('a Standard Webhooks webhook', () => {
  it('matches the spec\'s documented example signature', () => {
    // standard-webhooks' reference test vector.
    const headers = standardHeaders('{"test": 2432232314}', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330)
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('accepts a signed message and gives the handler its id and timestamp', async () => {
    const { app, seen } = await standardApp()
    const headers = standardHeaders(BODY, SECRET, 'msg_1')
    const res = await app.inject({ method: 'POST', url: '/webhooks/billing', payload: BODY, headers })
    expect(res.statusCode, res.body).toBe(204)
    expect(seen).toEqual([{ id: 'msg_1', timestamp: Number(headers['webhook-timestamp']), invoice: 'in_1' }])
  })

  it('accepts a secret given without its whsec_ prefix, and several signatures in one header', async () => {
    const { app } = await standardApp(['whsec_' + randomBytes(24).toString('base64'), SECRET.slice(6)])
    const headers = standardHeaders(BODY, SECRET, 'msg_2')
    headers['webhook-signature'] = `v1,${randomBytes(32).toString('base64')} v1a,ignored ${headers['webhook-signature']}`
    const res = await app.inject({ method: 'POST', url: '/webhooks/billing', payload: BODY, headers })
    expect(res.statusCode, res.body).toBe(204)
  })

  it('refuses a tampered body, another id, an unknown secret, a stale or future timestamp', async () => {
    const { app, seen } = await standardApp()
    const now = Math.floor(Date.now() / 1000)
    const cases: Array<[string, Record<string, string>, number, string]> = [
      [BODY.replace('in_1', 'in_2'), standardHeaders(BODY, SECRET, 'msg_1'), 401, 'Webhook signature does not match'],
      [BODY, { ...standardHeaders(BODY, SECRET, 'msg_1'), 'webhook-id': 'msg_other' }, 401, 'Webhook signature does not match'],
      [BODY, standardHeaders(BODY, `whsec_${randomBytes(24).toString('base64')}`, 'msg_1'), 401, 'Webhook signature does not match'],
      [BODY, standardHeaders(BODY, SECRET, 'msg_1', now - 400), 401, 'Webhook timestamp outside the tolerance window'],
      [BODY, standardHeaders(BODY, SECRET, 'msg_1', now + 400), 401, 'Webhook timestamp outside the tolerance window'],
    ]
    for (const [body, headers, status, detail] of cases) {
      const res = await app.inject({ method: 'POST', url: '/webhooks/billing', payload: body, headers })
      expect(res.statusCode, res.body).toBe(status)
      expect(res.json()).toEqual({ detail })
    }
    expect(seen).toEqual([])
  })

  it('answers 400 to a missing or malformed header', async () => {
    const { app } = await standardApp()
    const good = standardHeaders(BODY, SECRET, 'msg_1')
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...good, 'webhook-id': undefined as unknown as string }, 'Missing the webhook-id header'],
      [{ ...good, 'webhook-timestamp': undefined as unknown as string }, 'Missing the webhook-timestamp header'],
      [{ ...good, 'webhook-signature': undefined as unknown as string }, 'Missing the webhook-signature header'],
      [{ ...good, 'webhook-timestamp': 'yesterday' }, 'Malformed webhook-timestamp header'],
      [{ ...good, 'webhook-signature': 'v2,abc' }, 'Malformed webhook-signature header'],
      [{ ...good, 'webhook-signature': 'v1,not base64!' }, 'Malformed webhook-signature header'],
    ]
    for (const [headers, detail] of cases) {
      const res = await app.inject({ method: 'POST', url: '/webhooks/billing', payload: BODY, headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json()).toEqual({ detail })
    }
  })
})
