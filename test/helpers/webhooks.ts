import { createHmac } from 'node:crypto'

// Signatures computed the way each provider documents them, independently of src/webhooks.

/** Stripe: `t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">`, keyed with the whole `whsec_...` string. */
export function stripeSignature (body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** GitHub: `sha256=<hex HMAC-SHA256 of the body>`. */
export function githubSignature (body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** Standard Webhooks: `v1,<base64 HMAC-SHA256 of "<id>.<ts>.<body>">`, keyed with the base64-decoded `whsec_` secret. */
export function standardHeaders (body: string, secret: string, id: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}`, 'content-type': 'application/json' }
}

/** A Stripe-shaped event. */
export function stripeEvent (id: string, type = 'payment_intent.succeeded', object: Record<string, unknown> = { id: 'pi_1', amount: 2000, metadata: { order_id: '42' } }) {
  return { id, object: 'event', type, created: 1_700_000_000, data: { object } }
}
