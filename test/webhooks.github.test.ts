// GitHub's webhooks, signed as GitHub documents: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256
// of the body>`; `X-GitHub-Delivery` names the delivery (a redelivery keeps it).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Webhook, webhookOf } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'
import { githubSignature } from './helpers/webhooks.js'

const SECRET = "It's a Secret to Everybody"
const PushEvent = z.object({ ref: z.string(), repository: z.object({ full_name: z.string() }) })

async function githubApp (secret: string | string[] = SECRET) {
  const app = await buildApp()
  const deliveries: string[] = []
  app.api.post('/webhooks/github', { webhook: Webhook({ preset: 'github', secret }), body: PushEvent, status: 202 }, ({ body, request }) => {
    deliveries.push(`${webhookOf(request)?.id}:${body.repository.full_name}`)
    return { ok: true }
  })
  return { app, deliveries }
}

const BODY = '{"ref":"refs/heads/main","repository":{"full_name":"octo/hello"}}'

describe('a GitHub webhook', () => {
  it('matches GitHub\'s documented example signature', () => {
    // From GitHub's "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!".
    expect(githubSignature('Hello, World!', SECRET)).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17')
  })

  it('accepts a signed delivery and knows it by X-GitHub-Delivery', async () => {
    const { app, deliveries } = await githubApp()
    const res = await app.inject({
      method: 'POST', url: '/webhooks/github', payload: BODY,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(BODY, SECRET), 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' },
    })
    expect(res.statusCode, res.body).toBe(202)
    expect(deliveries).toEqual(['72d3162e-cc78-11e3-81ab-4c9367dc0958:octo/hello'])
  })

  it('refuses a tampered body, an unknown secret, a missing or malformed header', async () => {
    const { app, deliveries } = await githubApp()
    const send = (body: string, signature: string | undefined) => app.inject({
      method: 'POST', url: '/webhooks/github', payload: body,
      headers: { 'content-type': 'application/json', 'x-github-delivery': 'd-1', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) },
    })
    expect((await send(BODY.replace('main', 'evil'), githubSignature(BODY, SECRET))).statusCode).toBe(401)
    expect((await send(BODY, githubSignature(BODY, 'not the secret'))).statusCode).toBe(401)
    const missing = await send(BODY, undefined)
    expect(missing.statusCode).toBe(400)
    expect(missing.json()).toEqual({ detail: 'Missing the X-Hub-Signature-256 header' })
    // The old SHA-1 header's format, or no prefix at all.
    for (const header of [githubSignature(BODY, SECRET).slice(7), 'sha1=0123456789abcdef0123456789abcdef01234567', 'sha256=zz']) {
      const res = await send(BODY, header)
      expect(res.statusCode, header).toBe(400)
      expect(res.json()).toEqual({ detail: 'Malformed X-Hub-Signature-256 header' })
    }
    expect(deliveries).toEqual([])
  })

  it('answers 400 to a signed delivery without X-GitHub-Delivery, which it could not deduplicate', async () => {
    const { app } = await githubApp()
    const res = await app.inject({ method: 'POST', url: '/webhooks/github', payload: BODY, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(BODY, SECRET) } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'Missing the webhook event id (the x-github-delivery header)' })
  })

  it('accepts either secret while one rotates', async () => {
    const { app } = await githubApp(['old secret', 'new secret'])
    for (const [index, secret] of ['old secret', 'new secret'].entries()) {
      const res = await app.inject({ method: 'POST', url: '/webhooks/github', payload: BODY, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(BODY, secret), 'x-github-delivery': `d-${index}` } })
      expect(res.statusCode, res.body).toBe(202)
    }
  })
})
