// The webhook row's event: a Stripe `payment_intent.succeeded` of about 1 KB, signed once by the
// harness as Stripe signs (HMAC-SHA256 of "<t>.<body>", hex), so every run sends the same bytes.
// Both apps accept a timestamp up to a day away, so a long run stays valid.
import { createHmac } from 'node:crypto'

export const WEBHOOK_SECRET = 'whsec_bench_5c1e2b7d9f0a4c3e8b6d1f2a7c9e0b4d'
export const WEBHOOK_TOLERANCE = 86_400

export const WEBHOOK_EVENT = {
  id: 'evt_3PqLmN2eZvKYlo2C1aB2cD3e',
  object: 'event',
  api_version: '2024-06-20',
  created: 1_722_000_000,
  type: 'payment_intent.succeeded',
  livemode: false,
  pending_webhooks: 1,
  request: { id: 'req_8xYzAbCdEfGh', idempotency_key: '5a2c1e9d-7f3b-4c8a-9e6d-1b2f3a4c5d6e' },
  data: {
    object: {
      id: 'pi_3PqLmN2eZvKYlo2C1xYz9wVu',
      object: 'payment_intent',
      amount: 1300,
      amount_received: 1300,
      currency: 'eur',
      customer: 'cus_QaBcDeFgHiJkLm',
      description: 'Order 42',
      latest_charge: 'ch_3PqLmN2eZvKYlo2C1qRsTuVw',
      payment_method: 'pm_1PqLmN2eZvKYlo2CaBcDeFgH',
      payment_method_types: ['card'],
      receipt_email: 'rick@example.com',
      status: 'succeeded',
      metadata: { order_id: '42', cart: 'c_93f1' },
      shipping: { name: 'Rick Sanchez', address: { line1: '1 Citadel Way', city: 'Seattle', postal_code: '98101', country: 'US' } },
    },
  },
}

export function webhookHeaders (): Record<string, string> {
  const t = Math.floor(Date.now() / 1000)
  const signature = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${JSON.stringify(WEBHOOK_EVENT)}`).digest('hex')
  return { 'stripe-signature': `t=${t},v1=${signature}` }
}

/** What both apps answer. */
export const WEBHOOK_ANSWER = { received: true, id: WEBHOOK_EVENT.id, order_id: 42 }
