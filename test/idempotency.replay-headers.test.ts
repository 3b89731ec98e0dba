import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A replay carries the headers the route set, not those of the first request's moment (its
// request id, its rate limit, its cookie): those are the replay's own. Compression is the
// replay's too: the stored body is the one before gzip.

describe('the headers and encoding of a replayed answer', () => {
  it('keeps the route\'s headers and gives the replay its own request id; no cookie is stored', async () => {
    const app = await buildApp({ idempotency: {}, requestId: {} })
    app.api.post('/orders/', { status: 201, deps: { key: Idempotency() } }, ({ reply }) => {
      reply.header('location', '/orders/1').header('x-order-total', '12.50').header('set-cookie', 'last_order=1')
      return { id: 1 }
    })
    const request = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'h1' } }
    const first = await app.inject(request)
    const retry = await app.inject(request)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.headers['x-request-id']).toEqual(expect.any(String))
    expect(retry.headers['x-request-id']).not.toBe(first.headers['x-request-id'])
    expect(retry.headers.location).toBe('/orders/1')
    expect(retry.headers['x-order-total']).toBe('12.50')
    expect(retry.headers['set-cookie']).toBeUndefined()
    expect(retry.headers['content-length']).toBe(String(Buffer.byteLength(retry.body)))
  })

  it('stores the body before gzip, and compresses the replay for the client that asks', async () => {
    const app = await buildApp({ idempotency: {}, gzip: {} })
    const text = 'order line '.repeat(100)
    app.api.post('/orders/', { deps: { key: Idempotency() } }, () => ({ text }))
    const request = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'z1', 'accept-encoding': 'gzip' } }
    const first = await app.inject(request)
    expect(first.headers['content-encoding']).toBe('gzip')
    const plainRetry = await app.inject({ ...request, headers: { 'idempotency-key': 'z1' } })
    expect(plainRetry.headers['idempotent-replayed']).toBe('true')
    expect(plainRetry.headers['content-encoding']).toBeUndefined()
    expect(plainRetry.json()).toEqual({ text })
    const gzipRetry = await app.inject(request)
    expect(gzipRetry.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gzipRetry.rawPayload).toString())).toEqual({ text })
  })

  it('replays a bodyless answer and a bytes one', async () => {
    const app = await buildApp({ idempotency: {} })
    app.api.post('/empty', { status: 204, deps: { key: Idempotency() } }, () => undefined)
    app.api.post('/bytes', { deps: { key: Idempotency() } }, ({ reply }) => reply.header('content-type', 'application/octet-stream').send(Buffer.from([0, 1, 2, 255])))
    const empty = { method: 'POST' as const, url: '/empty', headers: { 'idempotency-key': 'e' } }
    await app.inject(empty)
    const emptyRetry = await app.inject(empty)
    expect(emptyRetry.statusCode).toBe(204)
    expect(emptyRetry.body).toBe('')
    expect(emptyRetry.headers['idempotent-replayed']).toBe('true')
    const bytes = { method: 'POST' as const, url: '/bytes', headers: { 'idempotency-key': 'b' } }
    await app.inject(bytes)
    const bytesRetry = await app.inject(bytes)
    expect([...bytesRetry.rawPayload]).toEqual([0, 1, 2, 255])
    expect(bytesRetry.headers['content-type']).toBe('application/octet-stream')
    expect(bytesRetry.headers['idempotent-replayed']).toBe('true')
  })
})
