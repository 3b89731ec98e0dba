import type { FastifyInstance } from 'fastify'
import { kWebhooksState } from '../shared/symbols.js'
import type { WebhookEventStore } from './event-store.js'

/** The webhooks plugin's state, on the instance it was registered on (and its children). */
export interface WebhooksState {
  store: WebhookEventStore
  /** How long a processed event is remembered, in ms. */
  ttlMs: number
  /** How long a claim holds an event being processed, in ms. */
  lockMs: number
}

export function webhooksStateOf (instance: FastifyInstance): WebhooksState | undefined {
  return (instance as unknown as Record<symbol, WebhooksState | undefined>)[kWebhooksState]
}
