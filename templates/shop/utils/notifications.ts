import type { FastifyBaseLogger } from 'fastify'
import { setTimeout as sleep } from 'node:timers/promises'

/** How long the pretend mail server takes to accept a message. */
const SEND_DELAY_MS = 10

/**
 * Sends the welcome email of a new user (FastAPI's `write_notification` in the background
 * tasks tutorial). There is no mail server: it waits as a real one would make it wait, then
 * logs the message. Sign-up runs it with `background.add`, after the 201 has gone out, so
 * the client never waits for it and a failure here never undoes the sign-up.
 */
export async function sendWelcomeEmail (log: FastifyBaseLogger, email: string, username: string): Promise<void> {
  await sleep(SEND_DELAY_MS)
  log.info({ email, username }, `Welcome email sent to ${email}`)
}

/** Sends the receipt of an order just paid: after the webhook's answer, so the payment provider never waits for it. */
export async function sendPaymentReceipt (log: FastifyBaseLogger, orderId: number, paymentId: string): Promise<void> {
  await sleep(SEND_DELAY_MS)
  log.info({ orderId, paymentId }, `Receipt sent for order ${orderId}`)
}
