// Type tests for webhooks: checked by `tsc` in `npm test`. The payload the handler gets is the
// `body` model's output; a receiver's options are checked per preset.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { APIRouter, fastapi } from 'fastify-fastapi'
import { Webhook, webhookOf, type WebhookDelivery, type WebhookReceiver } from 'fastify-fastapi/webhooks'

const app = Fastify()
await app.register(fastapi, { webhooks: { redis: 'redis://127.0.0.1:6379', ttl: 3600 } })

const PaymentEvent = z.object({
  id: z.string(),
  type: z.enum(['payment_intent.succeeded', 'payment_intent.payment_failed']),
  data: z.object({ object: z.object({ amount: z.coerce.number(), metadata: z.object({ order_id: z.string() }) }) }),
})

const stripe = Webhook({ preset: 'stripe', secret: ['whsec_old', 'whsec_new'], tolerance: 300 })
expectTypeOf(stripe).toEqualTypeOf<WebhookReceiver>()

app.api.post('/webhooks/stripe', { webhook: stripe, body: PaymentEvent }, ({ body, request, background }) => {
  expectTypeOf(body.type).toEqualTypeOf<'payment_intent.succeeded' | 'payment_intent.payment_failed'>()
  expectTypeOf(body.data.object.amount).toEqualTypeOf<number>()
  expectTypeOf(body.data.object.metadata.order_id).toEqualTypeOf<string>()
  expectTypeOf(webhookOf(request)).toEqualTypeOf<WebhookDelivery | undefined>()
  expectTypeOf(webhookOf(request)?.rawBody).toEqualTypeOf<Buffer | undefined>()
  background.add(() => undefined)
  // @ts-expect-error  the payload has no `amount` at the top
  void body.amount
  return { received: true }
})

const router = new APIRouter({ prefix: '/webhooks' })
router.post('/github', { webhook: Webhook({ preset: 'github', secret: process.env.GITHUB_WEBHOOK_SECRET ?? 'dev' }), body: z.object({ ref: z.string() }) }, ({ body }) => {
  expectTypeOf(body.ref).toEqualTypeOf<string>()
})

Webhook({ preset: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
Webhook({ secret: Buffer.from('key'), header: 'X-Signature', encoding: 'base64', prefix: 'sha256=', eventId: { header: 'X-Event-Id' } })
Webhook({ preset: 'hmac', secret: 'key', header: 'X-Signature', eventId: { field: 'id' } })

// @ts-expect-error  a receiver needs its secret
Webhook({ preset: 'stripe' })
// @ts-expect-error  'paypal' is no preset
Webhook({ preset: 'paypal', secret: 's' })
// @ts-expect-error  GitHub signs no timestamp: no tolerance to set
Webhook({ preset: 'github', secret: 's', tolerance: 60 })
// @ts-expect-error  the generic verifier needs the header that carries the signature
Webhook({ secret: 's' })
// @ts-expect-error  'hex' or 'base64'
Webhook({ secret: 's', header: 'X-Signature', encoding: 'base32' })
// @ts-expect-error  a secret is a string or bytes, not a number
Webhook({ preset: 'stripe', secret: 12345 })
// @ts-expect-error  the route option takes a receiver made by Webhook(...), not its options
app.api.post('/webhooks/wrong', { webhook: { preset: 'stripe', secret: 's' } }, () => null)
// @ts-expect-error  webhooks plugin option: ttl is in seconds, a number
await app.register(fastapi, { webhooks: { ttl: '3 days' } })

// FastAPI's app.webhooks: an APIRouter documented, never served; its handler is typed as any route's.
const Subscription = z.object({ username: z.string(), monthly_fee: z.number() })
app.webhooks.post('new-subscription', { body: Subscription }, function new_subscription ({ body }) {
  expectTypeOf(body.monthly_fee).toEqualTypeOf<number>()
})
expectTypeOf(app.webhooks).toEqualTypeOf<APIRouter>()
