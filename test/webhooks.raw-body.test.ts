// The webhook route reads its body's exact bytes in a scope of its own: the app's other
// routes parse JSON as before, and the body has a limit of its own (413 past it).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter } from 'fastify-fastapi'
import { Webhook, webhookOf } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'
import { githubSignature } from './helpers/webhooks.js'

const SECRET = 'raw-body-secret'
const Push = z.object({ ref: z.string() })

describe('a webhook route\'s raw body', () => {
  it('gives the handler the exact bytes signed, and leaves the other routes\' JSON parsing as it was', async () => {
    const app = await buildApp()
    let raw: Buffer | undefined
    app.api.post('/webhooks/github', { webhook: Webhook({ preset: 'github', secret: SECRET, dedupe: false }), body: Push }, ({ request, body }) => {
      raw = webhookOf(request)?.rawBody
      return body
    })
    app.api.post('/items/', { body: Push }, ({ body, request }) => ({ ...body, webhook: webhookOf(request) === undefined }))
    // Spacing a re-serialization would lose.
    const body = '{ "ref" :\n"refs/heads/main"   }'
    const res = await app.inject({ method: 'POST', url: '/webhooks/github', payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(body, SECRET) } })
    expect(res.statusCode, res.body).toBe(200)
    expect(raw?.toString('utf8')).toBe(body)

    const item = await app.inject({ method: 'POST', url: '/items/', payload: { ref: 'x' } })
    expect(item.json()).toEqual({ ref: 'x', webhook: true })
    // No signature needed there, and the app's own answers stand: malformed JSON, an unsupported type.
    const malformed = await app.inject({ method: 'POST', url: '/items/', payload: '{"ref":', headers: { 'content-type': 'application/json' } })
    expect(malformed.statusCode).toBe(422)
    expect(malformed.json().detail[0].type).toBe('json_invalid')
  })

  it('refuses prototype poisoning in a signed body, as the app\'s JSON parser does', async () => {
    const app = await buildApp()
    app.api.post('/webhooks/github', { webhook: Webhook({ preset: 'github', secret: SECRET, dedupe: false }), body: Push }, ({ body }) => body)
    const body = '{"ref":"main","__proto__":{"admin":true}}'
    const res = await app.inject({ method: 'POST', url: '/webhooks/github', payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(body, SECRET) } })
    expect(res.statusCode, res.body).toBe(400)
  })

  it('applies the errors plugin\'s jsonNestingLimit to a signed body', async () => {
    const app = await buildApp({ errors: { jsonNestingLimit: 3 } })
    app.api.post('/webhooks/github', { webhook: Webhook({ preset: 'github', secret: SECRET, dedupe: false }), body: z.object({ ref: z.unknown() }) }, ({ body }) => body)
    const send = (body: string) => app.inject({ method: 'POST', url: '/webhooks/github', payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(body, SECRET) } })
    expect((await send('{"ref":[[1]]}')).statusCode).toBe(200)
    const deep = await send('{"ref":[[[1]]]}')
    expect(deep.statusCode, deep.body).toBe(400)
  })

  it('answers 413 past maxBodySize (1 MiB by default) before checking anything', async () => {
    const app = await buildApp()
    app.api.post('/webhooks/small', { webhook: Webhook({ preset: 'github', secret: SECRET, dedupe: false, maxBodySize: 64 }), body: Push }, ({ body }) => body)
    app.api.post('/webhooks/default', { webhook: Webhook({ preset: 'github', secret: SECRET, dedupe: false }), body: Push }, ({ body }) => body)
    const big = JSON.stringify({ ref: 'x'.repeat(100) })
    const res = await app.inject({ method: 'POST', url: '/webhooks/small', payload: big, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(big, SECRET) } })
    expect(res.statusCode, res.body).toBe(413)
    expect(res.json()).toEqual({ detail: expect.any(String) })
    const huge = JSON.stringify({ ref: 'x'.repeat(1024 * 1024) })
    const over = await app.inject({ method: 'POST', url: '/webhooks/default', payload: huge, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(huge, SECRET) } })
    expect(over.statusCode).toBe(413)
    const fits = JSON.stringify({ ref: 'x'.repeat(1024 * 1024 - 20) })
    const under = await app.inject({ method: 'POST', url: '/webhooks/default', payload: fits, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(fits, SECRET) } })
    expect(under.statusCode).toBe(200)
  })

  it('checks the signature whatever the content type says', async () => {
    const app = await buildApp()
    app.api.post('/webhooks/github', { webhook: Webhook({ preset: 'github', secret: SECRET, dedupe: false }), body: Push }, ({ body }) => body)
    const body = '{"ref":"main"}'
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
      const unsigned = await app.inject({ method: 'POST', url: '/webhooks/github', payload: body, headers: { 'content-type': type } })
      expect(unsigned.statusCode, type).toBe(400)
      const signed = await app.inject({ method: 'POST', url: '/webhooks/github', payload: body, headers: { 'content-type': type, 'x-hub-signature-256': githubSignature(body, SECRET) } })
      expect(signed.json(), type).toEqual({ ref: 'main' })
    }
  })

  it('works on an APIRouter\'s route, under its prefix and a mount prefix, with the router\'s dependencies', async () => {
    const app = await buildApp()
    const router = new APIRouter({ prefix: '/webhooks', tags: ['webhooks'] })
    router.post('/github', { webhook: Webhook({ preset: 'github', secret: SECRET, dedupe: false }), body: Push }, ({ body }) => body)
    await app.register(router, { prefix: '/v1' })
    const body = '{"ref":"main"}'
    const res = await app.inject({ method: 'POST', url: '/v1/webhooks/github', payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(body, SECRET) } })
    expect(res.statusCode, res.body).toBe(200)
    const doc = (await app.inject('/openapi.json')).json()
    expect(doc.paths['/v1/webhooks/github'].post.tags).toEqual(['webhooks'])
  })

  it('keeps the events of one router mounted twice apart', async () => {
    const app = await buildApp()
    let runs = 0
    const router = new APIRouter({ prefix: '/webhooks' })
    router.post('/github', { webhook: Webhook({ preset: 'github', secret: SECRET }), body: Push }, () => ({ runs: ++runs }))
    await app.register(router, { prefix: '/v1' })
    await app.register(router, { prefix: '/v2' })
    const body = '{"ref":"main"}'
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(body, SECRET), 'x-github-delivery': 'same' }
    await app.inject({ method: 'POST', url: '/v1/webhooks/github', payload: body, headers })
    expect((await app.inject({ method: 'POST', url: '/v2/webhooks/github', payload: body, headers })).json()).toEqual({ runs: 2 })
    expect((await app.inject({ method: 'POST', url: '/v1/webhooks/github', payload: body, headers })).json()).toEqual({ runs: 1 })
  })

  it('answers on real HTTP over loopback', async () => {
    const app = await buildApp()
    app.api.post('/webhooks/github', { webhook: Webhook({ preset: 'github', secret: SECRET }), body: Push, status: 202 }, ({ body }) => body)
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const body = '{"ref":"refs/heads/main"}'
    const send = () => fetch(`${address}/webhooks/github`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(body, SECRET), 'x-github-delivery': 'loopback-1' } })
    const res = await send()
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ ref: 'refs/heads/main' })
    const retry = await send()
    expect(retry.status).toBe(202)
    expect(await retry.text()).toBe(body)
    const tampered = await fetch(`${address}/webhooks/github`, { method: 'POST', body: body.replace('main', 'evil'), headers: { 'content-type': 'application/json', 'x-hub-signature-256': githubSignature(body, SECRET), 'x-github-delivery': 'loopback-2' } })
    expect(tampered.status).toBe(401)
    expect(await tampered.json()).toEqual({ detail: 'Webhook signature does not match' })
  })
})
