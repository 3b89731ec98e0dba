import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DEV_WEBHOOK_SECRET } from '../routers/payments.js'
import { asUser, buildTestApp, NOW } from './helpers.js'

// The payment provider's webhook, signed as Stripe signs: `Stripe-Signature: t=<ts>,v1=<hex
// HMAC-SHA256 of "<ts>.<body>">` with the endpoint's secret (the development one here).
function signed (event: Record<string, unknown>, secret = DEV_WEBHOOK_SECRET) {
  const body = JSON.stringify(event)
  const t = Math.floor(Date.now() / 1000)
  const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return { method: 'POST' as const, url: '/webhooks/payments', payload: body, headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${signature}` } }
}

function paymentSucceeded (eventId: string, orderId: string, amount: number) {
  return { id: eventId, object: 'event', type: 'payment_intent.succeeded', data: { object: { id: `pi_${eventId}`, object: 'payment_intent', amount_received: amount, currency: 'eur', metadata: { order_id: orderId } } } }
}

type ShopApp = Awaited<ReturnType<typeof buildTestApp>>['app']

async function placeOrder (app: ShopApp): Promise<number> {
  const res = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1, quantity: 2 }] } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: number }>().id
}

async function paidAt (app: ShopApp, orderId: number): Promise<unknown> {
  return (await app.inject({ url: `/orders/${orderId}`, headers: asUser('johndoe') })).json<{ paid_at: unknown }>().paid_at
}

describe('payments router: the payment provider\'s webhook marks an order paid', () => {
  it('marks the order paid on payment_intent.succeeded, then sends the receipt in the background', async () => {
    const { app, logs } = await buildTestApp({ logs: true })
    const orderId = await placeOrder(app)
    expect(await paidAt(app, orderId)).toBe(null)

    const res = await app.inject(signed(paymentSucceeded('evt_1', String(orderId), 1300)))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ received: true, order_id: orderId, outcome: 'paid' })
    expect(await paidAt(app, orderId)).toBe('2025-01-02T03:04:05Z')
    expect(NOW.toISOString()).toBe('2025-01-02T03:04:05.000Z')
    await app.close()
    expect(logs.map((line) => line.msg)).toContain(`Receipt sent for order ${orderId}`)
  })

  it('answers the provider\'s retry of the same event with the same 200, without running it again', async () => {
    const { app, logs } = await buildTestApp({ logs: true })
    const orderId = await placeOrder(app)
    const event = paymentSucceeded('evt_retry', String(orderId), 1300)
    const first = await app.inject(signed(event))
    const retry = await app.inject(signed(event))
    expect(retry.statusCode, retry.body).toBe(200)
    expect(retry.body).toBe(first.body)
    await app.close()
    expect(logs.filter((line) => line.msg === `Receipt sent for order ${orderId}`)).toHaveLength(1)
  })

  it('is idempotent for a second event about an order already paid', async () => {
    const { app } = await buildTestApp()
    const orderId = await placeOrder(app)
    await app.inject(signed(paymentSucceeded('evt_a', String(orderId), 1300)))
    const second = await app.inject(signed(paymentSucceeded('evt_b', String(orderId), 1300)))
    expect(second.json()).toEqual({ received: true, order_id: orderId, outcome: 'already_paid' })
  })

  it('answers 200 and ignores other event types, payments without an order, unknown orders and other amounts', async () => {
    const { app } = await buildTestApp()
    const orderId = await placeOrder(app)
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [{ id: 'evt_c', type: 'customer.created', data: { object: { id: 'cus_1' } } }, { received: true, order_id: null, outcome: 'ignored' }],
      [{ id: 'evt_d', type: 'payment_intent.succeeded', data: { object: { id: 'pi_x', amount_received: 100, metadata: {} } } }, { received: true, order_id: null, outcome: 'ignored' }],
      [paymentSucceeded('evt_e', '999', 1300), { received: true, order_id: 999, outcome: 'unknown_order' }],
      [paymentSucceeded('evt_f', String(orderId), 1), { received: true, order_id: orderId, outcome: 'amount_mismatch' }],
    ]
    for (const [event, expected] of cases) {
      const res = await app.inject(signed(event))
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual(expected)
    }
    expect(await paidAt(app, orderId)).toBe(null)
  })

  it('refuses an event not signed with the endpoint secret, and a malformed one', async () => {
    const { app } = await buildTestApp()
    const orderId = await placeOrder(app)
    const forged = await app.inject(signed(paymentSucceeded('evt_forged', String(orderId), 1300), 'whsec_attacker'))
    expect(forged.statusCode, forged.body).toBe(401)
    expect(forged.json()).toEqual({ detail: 'Webhook signature does not match' })
    const unsigned = await app.inject({ method: 'POST', url: '/webhooks/payments', payload: paymentSucceeded('evt_x', String(orderId), 1300) })
    expect(unsigned.statusCode).toBe(400)
    const invalid = await app.inject(signed({ id: 'evt_bad', type: 42 }))
    expect(invalid.statusCode).toBe(422)
    expect(await paidAt(app, orderId)).toBe(null)
  })

  it('documents the route, with its payload model', async () => {
    const { app } = await buildTestApp()
    const doc = (await app.inject('/openapi.json')).json()
    expect(doc.paths['/webhooks/payments'].post).toMatchObject({
      tags: ['payments'],
      summary: 'Receive a payment event',
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PaymentEvent' } } }, required: true },
      parameters: [{ name: 'Stripe-Signature', in: 'header', required: true, description: expect.any(String), schema: { type: 'string' } }],
    })
  })
})
