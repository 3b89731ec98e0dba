// Misconfiguration is refused where it is made, with a coded error that names the option and
// the fix, and never shows a secret.
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapiErrors, fastapiRouting } from 'fastify-fastapi'
import { fastapiWebhooks, Webhook, type WebhookOptions } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'

function refused (options: unknown, message: string) {
  expect(() => Webhook(options as WebhookOptions)).toThrow(expect.objectContaining({ code: 'FFA_ERR_WEBHOOK_INVALID', message }))
}

describe('webhook misconfiguration', () => {
  it('refuses a missing or empty secret, naming the fix', () => {
    refused({ preset: 'stripe' }, "Webhook({ preset: 'stripe' }): option 'secret' is missing: pass the endpoint's signing secret from the provider's dashboard, like secret: process.env.WEBHOOK_SECRET (an array of them while one rotates)")
    refused({ preset: 'github', secret: [] }, expect.stringContaining("option 'secret' is missing") as unknown as string)
    refused({ preset: 'stripe', secret: '' }, "Webhook({ preset: 'stripe' }): option 'secret' must be a non-empty string or Buffer; got an empty string (is the environment variable set?)")
    refused({ preset: 'github', secret: ['ok', 42] }, "Webhook({ preset: 'github' }): option 'secret[1]' must be a non-empty string or Buffer; got number")
  })

  it('refuses an unknown preset, and options another preset has', () => {
    refused({ preset: 'paypal', secret: 's' }, "Webhook(options): option 'preset' must be one of 'stripe', 'github', 'standard', 'hmac' (leave it out for the generic HMAC header); got string 'paypal'")
    refused({ preset: 'github', secret: 's', tolerance: 60 }, "Webhook({ preset: 'github' }): option 'tolerance' is not an option of this preset; its options are: preset, secret, maxBodySize, dedupe")
    refused({ preset: 'stripe', secret: 's', header: 'X-Sig' }, expect.stringContaining("option 'header' is not an option of this preset") as unknown as string)
  })

  it('refuses a bad tolerance, body limit, header, encoding or event id', () => {
    refused({ preset: 'stripe', secret: 's', tolerance: 0 }, expect.stringContaining("option 'tolerance' must be a number of seconds of at least 1") as unknown as string)
    refused({ preset: 'standard', secret: 'whsec_AAAA', tolerance: '5m' }, expect.stringContaining("option 'tolerance'") as unknown as string)
    refused({ preset: 'github', secret: 's', maxBodySize: -1 }, expect.stringContaining("option 'maxBodySize' must be a number of bytes") as unknown as string)
    refused({ secret: 's' }, "Webhook({ preset: 'hmac' }): option 'header' is missing: name the header that carries the signature, like header: 'X-Signature' (or choose a preset: 'stripe', 'github', 'standard')")
    refused({ secret: 's', header: 'X Sig' }, expect.stringContaining("option 'header'") as unknown as string)
    refused({ secret: 's', header: 'X-Sig', encoding: 'base32' }, expect.stringContaining("option 'encoding' must be 'hex' or 'base64'") as unknown as string)
    refused({ secret: 's', header: 'X-Sig', eventId: 'id' }, expect.stringContaining("option 'eventId' must be { header: 'X-Event-Id' } or { field: 'id' }") as unknown as string)
    refused({ secret: 's', header: 'X-Sig', dedupe: true }, expect.stringContaining("option 'dedupe' needs an 'eventId'") as unknown as string)
    refused({ preset: 'stripe', secret: 's', dedupe: 'yes' }, expect.stringContaining("option 'dedupe' must be true or false") as unknown as string)
  })

  it('refuses a Standard Webhooks secret that is not base64, without showing it', () => {
    expect(() => Webhook({ preset: 'standard', secret: 'whsec_not*base64' })).toThrow(expect.objectContaining({ code: 'FFA_ERR_WEBHOOK_INVALID' }))
    try {
      Webhook({ preset: 'standard', secret: 'whsec_not*base64' })
    } catch (error) {
      expect((error as Error).message).not.toContain('not*base64')
    }
  })

  it('refuses a route option that is no receiver, a form, or a method without a body', async () => {
    const app = await buildApp()
    const stripe = Webhook({ preset: 'stripe', secret: 'whsec_x' })
    expect(() => app.api.post('/hook', { webhook: { preset: 'stripe' } as never }, () => null)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining("option 'webhook' must be a receiver made with Webhook({ preset, secret })") }))
    expect(() => app.api.post('/hook', { webhook: stripe, form: z.object({ a: z.string() }) }, () => null)).toThrow(expect.objectContaining({ code: 'FFA_ERR_BODY_AND_FORM' }))
    expect(() => app.api.get('/hook', { webhook: stripe }, () => null)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining('needs a method with a body') }))
  })

  it('refuses a deduplicating webhook route without the webhooks plugin, and takes one with dedupe: false', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiErrors)
    await app.register(fastapiRouting)
    expect(() => app.api.post('/hook', { webhook: Webhook({ preset: 'github', secret: 's' }) }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_PLUGIN_MISSING',
      message: "The webhook route POST /hook needs the webhooks (fastify-fastapi/webhooks, or the fastapi preset's `webhooks` option), whose store remembers processed events; or pass dedupe: false to Webhook(...) plugin: register it first, in the same scope or a parent.",
    }))
    app.api.post('/plain', { webhook: Webhook({ preset: 'github', secret: 's', dedupe: false }) }, () => null)
    await app.register(fastapiWebhooks)
    await app.ready()
  })

  it('refuses the plugin\'s bad options', async () => {
    for (const [options, option] of [[{ ttl: 0 }, 'ttl'], [{ lockTimeout: 1.5 }, 'lockTimeout'], [{ maxEntries: '10' }, 'maxEntries'], [{ redis: 'http://x' }, 'redis'], [{ prefix: 1 }, 'prefix'], [{ tll: 5 }, 'tll']] as const) {
      const app = Fastify()
      onTestFinished(() => app.close())
      await expect(app.register(fastapiWebhooks, options as never).ready()).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(`fastify-fastapi/webhooks: option '${option}'`) })
    }
  })
})
