import type { FastifyInstance } from 'fastify'
import type { RawBodyReader } from '../inputs/raw-body-reader.js'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { webhookScope } from './receive.js'
import { resolveWebhookOptions, type ResolvedWebhook, type WebhookOptions } from './webhook-options.js'
import { webhooksStateOf } from './webhooks-state.js'

/** A webhook receiver, for a route's `webhook` option: made once by `Webhook(...)`, shared by any number of routes. */
export class WebhookReceiver implements RawBodyReader {
  /** What it checks, resolved once: the preset, the verifier, where the event id is. */
  readonly settings: Readonly<ResolvedWebhook>

  constructor (options: WebhookOptions) {
    this.settings = Object.freeze(resolveWebhookOptions(options))
  }

  compileFor (instance: FastifyInstance, route: string): (scope: FastifyInstance) => void {
    const state = webhooksStateOf(instance)
    // Deduplication remembers events in the plugin's store; a receiver without it needs no plugin.
    if (state === undefined && this.settings.eventId !== null) {
      throw new FFA_ERR_PLUGIN_MISSING(`The webhook route ${route}`, "webhooks (fastify-fastapi/webhooks, or the fastapi preset's `webhooks` option), whose store remembers processed events; or pass dedupe: false to Webhook(...)")
    }
    return webhookScope(this.settings, state ?? null, route)
  }

  openapiOperation (): Record<string, unknown> {
    const signed = 'Signed by the provider over the exact body; checked before the body is read.'
    return { parameters: this.settings.signedHeaders.map((name) => ({ name, in: 'header', required: true, description: signed, schema: { type: 'string' } })) }
  }
}

/**
 * A webhook receiver for a route's `webhook` option: the signature is checked over the
 * body's exact bytes (constant-time, any of several secrets, within a timestamp window),
 * then the JSON is validated by the route's `body` model, and a provider's retry of an event
 * already processed gets the first answer without running the handler again.
 * Misconfiguration (no secret, an unknown preset) throws here, with FFA_ERR_WEBHOOK_INVALID.
 *
 * @example
 * const stripe = Webhook({ preset: 'stripe', secret: process.env.STRIPE_WEBHOOK_SECRET })
 * app.api.post('/webhooks/stripe', { webhook: stripe, body: StripeEvent }, ({ body, background }) => {
 *   background.add(fulfil, body.data.object)
 *   return { received: true }
 * })
 */
export function Webhook (options: WebhookOptions): WebhookReceiver {
  return new WebhookReceiver(options)
}
