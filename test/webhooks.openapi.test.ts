// A webhook route in /openapi.json: its payload model as the request body, and the headers
// the provider signs, which no `headers` model lists, as required header parameters.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Webhook } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'

const signed = 'Signed by the provider over the exact body; checked before the body is read.'

describe('a webhook route in the docs', () => {
  it('documents its payload model and its signature headers', async () => {
    const app = await buildApp()
    const Event = z.object({ id: z.string() }).meta({ id: 'Event' })
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: 's' }), body: Event, headers: z.object({ x_trace: z.string().optional() }) }, function stripe_webhook () { return null })
    app.api.post('/webhooks/svix', { webhook: Webhook({ preset: 'standard', secret: 'whsec_AAAA' }), body: Event }, function svix_webhook () { return null })
    const doc = (await app.inject('/openapi.json')).json()
    const stripe = doc.paths['/webhooks/stripe'].post
    expect(stripe.requestBody).toEqual({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' } } }, required: true })
    expect(stripe.parameters).toEqual([
      { name: 'x-trace', in: 'header', required: false, schema: { type: 'string', title: 'X-Trace' } },
      { name: 'Stripe-Signature', in: 'header', required: true, description: signed, schema: { type: 'string' } },
    ])
    expect(doc.paths['/webhooks/svix'].post.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
  })
})
