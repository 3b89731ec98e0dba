// Stripe's webhooks, signed as Stripe documents: `Stripe-Signature: t=<ts>,v1=<hex HMAC-SHA256
// of "<ts>.<raw body>">`, keyed with the endpoint's `whsec_...` secret as written.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Webhook } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'
import { stripeEvent, stripeSignature } from './helpers/webhooks.js'

const SECRET = 'whsec_test_5f3a9c'
const PaymentEvent = z.object({
  id: z.string(),
  type: z.string(),
  data: z.object({ object: z.object({ id: z.string(), amount: z.number().int(), metadata: z.record(z.string(), z.string()) }) }),
})

async function stripeApp (secret: string | string[] = SECRET, tolerance?: number) {
  const app = await buildApp()
  const received: Array<z.output<typeof PaymentEvent>> = []
  app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret, ...(tolerance === undefined ? {} : { tolerance }) }), body: PaymentEvent }, ({ body }) => {
    received.push(body)
    return { received: true }
  })
  return { app, received }
}

function post (app: Awaited<ReturnType<typeof stripeApp>>['app'], body: string, signature?: string) {
  return app.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(signature === undefined ? {} : { 'stripe-signature': signature }) },
    payload: body,
  })
}

describe('a Stripe webhook', () => {
  it('accepts an event signed with the endpoint secret and hands the validated payload to the handler', async () => {
    const { app, received } = await stripeApp()
    // Bytes as Stripe sends them: spacing and key order are part of what is signed.
    const body = JSON.stringify(stripeEvent('evt_1'), null, 2)
    const res = await post(app, body, stripeSignature(body, SECRET))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ received: true })
    expect(received).toEqual([{ id: 'evt_1', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', amount: 2000, metadata: { order_id: '42' } } } }])
  })

  it('refuses a tampered body with 401, without running the handler', async () => {
    const { app, received } = await stripeApp()
    const body = JSON.stringify(stripeEvent('evt_1'))
    const res = await post(app, body.replace('2000', '1'), stripeSignature(body, SECRET))
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Webhook signature does not match' })
    expect(received).toEqual([])
  })

  it('refuses a body re-serialized after signing (the exact bytes are what count)', async () => {
    const { app } = await stripeApp()
    const body = JSON.stringify(stripeEvent('evt_1'), null, 2)
    const res = await post(app, JSON.stringify(JSON.parse(body)), stripeSignature(body, SECRET))
    expect(res.statusCode, res.body).toBe(401)
  })

  it('refuses a stale timestamp, and one from the future, beyond the 300 s tolerance', async () => {
    const { app } = await stripeApp()
    const body = JSON.stringify(stripeEvent('evt_1'))
    const now = Math.floor(Date.now() / 1000)
    for (const timestamp of [now - 301, now + 301]) {
      const res = await post(app, body, stripeSignature(body, SECRET, timestamp))
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json()).toEqual({ detail: 'Webhook timestamp outside the tolerance window' })
    }
    const within = await post(app, body, stripeSignature(body, SECRET, now - 290))
    expect(within.statusCode, within.body).toBe(200)
  })

  it('takes a tolerance of its own', async () => {
    const { app } = await stripeApp(SECRET, 10)
    const body = JSON.stringify(stripeEvent('evt_1'))
    const res = await post(app, body, stripeSignature(body, SECRET, Math.floor(Date.now() / 1000) - 30))
    expect(res.statusCode, res.body).toBe(401)
  })

  it('refuses a signature made with another secret with 401, naming neither secret nor signature', async () => {
    const { app } = await stripeApp()
    const body = JSON.stringify(stripeEvent('evt_1'))
    const signature = stripeSignature(body, 'whsec_someone_else')
    const res = await post(app, body, signature)
    expect(res.statusCode, res.body).toBe(401)
    expect(res.body).not.toContain(SECRET)
    expect(res.body).not.toContain(signature.slice(15))
    expect(res.body).not.toContain(stripeSignature(body, SECRET).slice(15))
  })

  it('accepts both the old and the new secret while one rotates, and Stripe\'s header with two v1 signatures', async () => {
    const { app, received } = await stripeApp(['whsec_old', 'whsec_new'])
    const body = JSON.stringify(stripeEvent('evt_old'))
    expect((await post(app, body, stripeSignature(body, 'whsec_old'))).statusCode).toBe(200)
    const next = JSON.stringify(stripeEvent('evt_new'))
    expect((await post(app, next, stripeSignature(next, 'whsec_new'))).statusCode).toBe(200)
    // Stripe signs with every active secret during a roll: `t=..,v1=<old>,v1=<new>`.
    const both = JSON.stringify(stripeEvent('evt_both'))
    const t = Math.floor(Date.now() / 1000)
    const header = `${stripeSignature(both, 'whsec_unknown', t)},${stripeSignature(both, 'whsec_new', t).split(',')[1]}`
    expect((await post(app, both, header)).statusCode).toBe(200)
    expect(received.map((event) => event.id)).toEqual(['evt_old', 'evt_new', 'evt_both'])
  })

  it('answers 400 to a missing or malformed Stripe-Signature header', async () => {
    const { app } = await stripeApp()
    const body = JSON.stringify(stripeEvent('evt_1'))
    const missing = await post(app, body)
    expect(missing.statusCode, missing.body).toBe(400)
    expect(missing.json()).toEqual({ detail: 'Missing the Stripe-Signature header' })
    for (const header of ['garbage', 't=abc,v1=00', `t=${Math.floor(Date.now() / 1000)}`, `t=${Math.floor(Date.now() / 1000)},v1=not-hex`, '']) {
      const res = await post(app, body, header)
      expect(res.statusCode, `${header}: ${res.body}`).toBe(400)
      expect(res.json()).toEqual({ detail: 'Malformed Stripe-Signature header' })
    }
  })

  it('answers 422 in FastAPI\'s shape to a signed payload that fails the body model', async () => {
    const { app, received } = await stripeApp()
    const body = JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', amount: 'a lot', metadata: {} } } })
    const res = await post(app, body, stripeSignature(body, SECRET))
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'data', 'object', 'amount'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'a lot' }],
    })
    expect(received).toEqual([])
  })

  it('answers 422 json_invalid to a signed body that is not JSON, and 401 first to an unsigned one', async () => {
    const { app } = await stripeApp()
    const body = '{"id": "evt_1",'
    const signed = await post(app, body, stripeSignature(body, SECRET))
    expect(signed.statusCode, signed.body).toBe(422)
    expect(signed.json().detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 15] })
    const unsigned = await post(app, body, stripeSignature('{}', SECRET))
    expect(unsigned.statusCode, unsigned.body).toBe(401)
  })

  it('verifies a request with no body at all over the empty bytes', async () => {
    const { app } = await stripeApp()
    const res = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'stripe-signature': stripeSignature('', 'whsec_wrong') } })
    expect(res.statusCode, res.body).toBe(401)
    const signed = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'stripe-signature': stripeSignature('', SECRET) } })
    expect(signed.statusCode, signed.body).toBe(422)
    expect(signed.json()).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] })
  })
})
