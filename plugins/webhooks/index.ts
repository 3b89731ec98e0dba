import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { MemoryEventStore, type WebhookEventStore } from '../../src/webhooks/event-store.js'
import { RedisEventStore } from '../../src/webhooks/redis-event-store.js'
import { resolveWebhooksOptions, WEBHOOKS_PLUGIN, type WebhooksOptions } from '../../src/webhooks/webhooks-options.js'
import type { WebhooksState } from '../../src/webhooks/webhooks-state.js'
import { redisFor } from '../../src/shared/redis-connection.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { kWebhooksState } from '../../src/shared/symbols.js'

async function webhooks (app: FastifyInstance, opts: WebhooksOptions): Promise<void> {
  const options = resolveWebhooksOptions(opts)
  if (registeredBefore(app, WEBHOOKS_PLUGIN, opts)) return
  const redis = await redisFor(app, WEBHOOKS_PLUGIN, 'redis', options.redis)
  const store: WebhookEventStore = redis === null ? new MemoryEventStore(options.maxEntries) : new RedisEventStore(redis, options.prefix)
  const state: WebhooksState = { store, ttlMs: options.ttlMs, lockMs: options.lockMs }
  app.decorate(kWebhooksState, state)
}

/**
 * Webhook receivers: a route with `webhook: Webhook({ preset, secret })` checks the
 * provider's signature over the body's exact bytes, validates the payload with its `body`
 * model, and answers a retry of an event already processed with the first answer, without
 * running the handler again. This plugin holds the store of processed events: memory by
 * default, Redis (shared by every instance) by URL.
 *
 * @example
 * await app.register(fastapiWebhooks, { redis: 'redis://127.0.0.1:6379' })
 * app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret }), body: Event },
 *   ({ body, background }) => { background.add(handle, body); return { received: true } })
 */
export const fastapiWebhooks = fp(webhooks, { fastify: '5.x', name: WEBHOOKS_PLUGIN })
export default fastapiWebhooks

export { Webhook, WebhookReceiver } from '../../src/webhooks/webhook.js'
export { webhookOf, WebhookDelivery } from '../../src/webhooks/receive.js'
export { MemoryEventStore, type WebhookEventStore, type StoredAnswer, type Claim } from '../../src/webhooks/event-store.js'
export type { WebhooksOptions } from '../../src/webhooks/webhooks-options.js'
export type {
  WebhookOptions, WebhookSecret, StripeWebhookOptions, GitHubWebhookOptions, StandardWebhookOptions, HmacWebhookOptions, EventIdSource,
} from '../../src/webhooks/webhook-options.js'
