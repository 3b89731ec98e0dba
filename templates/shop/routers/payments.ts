import { APIRouter } from 'fastify-fastapi'
import { Webhook } from 'fastify-fastapi/webhooks'
import { z } from 'zod'
import { markOrderPaid, orderPayment } from '../crud/orders.js'
import { getClock, getDb } from '../dependencies.js'
import { sendPaymentReceipt } from '../utils/notifications.js'

/**
 * The signing secret of the payment provider's webhook endpoint when `SHOP_WEBHOOK_SECRET` is
 * not set: for development only (sign test events with it, see the README). Production sets
 * the secret the provider's dashboard shows for the endpoint.
 */
export const DEV_WEBHOOK_SECRET = 'whsec_shop_development_only'

/** A Stripe-style event: its id, its type, and the object it is about. */
const PaymentEvent = z.object({
  id: z.string(),
  type: z.string(),
  data: z.object({ object: z.looseObject({}) }),
}).meta({ id: 'PaymentEvent' })

/** The payment intent of a `payment_intent.succeeded` event, as far as the shop reads it. */
const SucceededPayment = z.object({
  id: z.string(),
  // In the currency's smallest unit (cents), as Stripe counts.
  amount_received: z.int(),
  // Stripe's metadata values are strings; the order's id is set when the payment is created.
  metadata: z.object({ order_id: z.coerce.number().int().positive() }),
})

const PaymentReceived = z.object({
  received: z.literal(true),
  order_id: z.int().nullable(),
  outcome: z.enum(['paid', 'already_paid', 'unknown_order', 'amount_mismatch', 'ignored']),
}).meta({ id: 'PaymentReceived' })

function answer (orderId: number | null, outcome: z.output<typeof PaymentReceived>['outcome']): z.output<typeof PaymentReceived> {
  return { received: true, order_id: orderId, outcome }
}

/**
 * `POST /webhooks/payments`: the payment provider tells the shop an order was paid (Stripe's
 * `payment_intent.succeeded`, signed with the endpoint's secret in `Stripe-Signature`). The
 * order gets its `paid_at`, once: the provider's retries of the same event are answered
 * without running this again, and a second event for the same order changes nothing. Any
 * other event type is answered 200 and ignored, as the provider expects. The receipt goes
 * out after the answer, so the provider never waits for the mail server.
 */
export function paymentsRouter (secret: string = process.env.SHOP_WEBHOOK_SECRET ?? DEV_WEBHOOK_SECRET) {
  const router = new APIRouter({ prefix: '/webhooks', tags: ['payments'] })
  router.post('/payments', {
    webhook: Webhook({ preset: 'stripe', secret: secret.split(',').map((one) => one.trim()) }),
    body: PaymentEvent,
    deps: { db: getDb, now: getClock },
    response: PaymentReceived,
    summary: 'Receive a payment event',
    description: 'Called by the payment provider, signed with the endpoint secret (`Stripe-Signature`). `payment_intent.succeeded` marks the order in `metadata.order_id` paid.',
  }, async ({ body, deps, background, request }) => {
    if (body.type !== 'payment_intent.succeeded') return answer(null, 'ignored')
    const payment = SucceededPayment.safeParse(body.data.object)
    // A payment made elsewhere in the provider's account, not for an order of the shop.
    if (!payment.success) return answer(null, 'ignored')
    const orderId = payment.data.metadata.order_id
    const order = await orderPayment(deps.db, orderId)
    if (order === undefined) {
      request.log.warn({ orderId, event: body.id }, 'Payment for an order the shop does not have')
      return answer(orderId, 'unknown_order')
    }
    // The amount paid must be the order's total: a payment of another amount marks nothing.
    if (payment.data.amount_received !== Math.round(order.total * 100)) {
      request.log.warn({ orderId, event: body.id, amount: payment.data.amount_received }, 'Payment amount differs from the order total')
      return answer(orderId, 'amount_mismatch')
    }
    const outcome = await markOrderPaid(deps.db, orderId, deps.now())
    if (outcome === 'paid') background.add(sendPaymentReceipt, request.log, orderId, payment.data.id)
    return answer(orderId, outcome === 'unknown' ? 'unknown_order' : outcome)
  })
  return router
}
