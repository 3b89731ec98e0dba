import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// The first answer to an Idempotency-Key (status, the headers the route set, body) is stored
// and sent again to a retry with the same key and the same request, which does not run.

const Order = z.object({ item: z.string(), quantity: z.number().int() })

async function ordersApp () {
  const app = await buildApp({ idempotency: {} })
  const created: Array<z.infer<typeof Order>> = []
  app.api.post('/orders/', { body: Order, status: 201, deps: { key: Idempotency() } }, ({ body, reply }) => {
    created.push(body)
    reply.header('location', `/orders/${created.length}`)
    return { id: created.length, ...body }
  })
  return { app, created }
}

describe('an Idempotency-Key replays the first answer', () => {
  it('answers a retry with the first status, headers and body, marked Idempotent-Replayed, without running again', async () => {
    const { app, created } = await ordersApp()
    const request = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'order-1' }, payload: { item: 'pen', quantity: 2 } }

    const first = await app.inject(request)
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json()).toEqual({ id: 1, item: 'pen', quantity: 2 })
    expect(first.headers['idempotent-replayed']).toBeUndefined()

    const retry = await app.inject(request)
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.body).toBe(first.body)
    expect(retry.headers['content-type']).toBe(first.headers['content-type'])
    expect(retry.headers.location).toBe('/orders/1')
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(created).toHaveLength(1)
  })

  it('runs each request with a new key, and every request without one', async () => {
    const { app, created } = await ordersApp()
    const payload = { item: 'pen', quantity: 1 }
    await app.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': 'a' }, payload })
    const other = await app.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': 'b' }, payload })
    expect(other.json()).toEqual({ id: 2, ...payload })
    await app.inject({ method: 'POST', url: '/orders/', payload })
    await app.inject({ method: 'POST', url: '/orders/', payload })
    expect(created).toHaveLength(4)
  })

  it('takes the draft\'s quoted key and a bare one as the same key', async () => {
    const { app, created } = await ordersApp()
    const payload = { item: 'pen', quantity: 1 }
    const first = await app.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': '"8e03978e-40d5-43e8-bc93-6894a57f9324"' }, payload })
    const retry = await app.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324' }, payload })
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.body).toBe(first.body)
    expect(created).toHaveLength(1)
  })

  it('sees the same body in keys of another order and other spacing', async () => {
    const { app, created } = await ordersApp()
    const headers = { 'idempotency-key': 'k', 'content-type': 'application/json' }
    await app.inject({ method: 'POST', url: '/orders/', headers, payload: '{"item":"pen","quantity":1}' })
    const retry = await app.inject({ method: 'POST', url: '/orders/', headers, payload: '{ "quantity": 1, "item": "pen" }' })
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(created).toHaveLength(1)
  })

  it('stores a client error the handler answered, as Stripe does, and replays it', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.api.post('/pay', { deps: { key: Idempotency() } }, ({ reply }) => {
      runs++
      return reply.code(402).send({ detail: 'Card declined' })
    })
    const request = { method: 'POST' as const, url: '/pay', headers: { 'idempotency-key': 'p1' } }
    expect((await app.inject(request)).statusCode).toBe(402)
    const retry = await app.inject(request)
    expect(retry.statusCode).toBe(402)
    expect(retry.json()).toEqual({ detail: 'Card declined' })
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(runs).toBe(1)
  })

  it('does not store an answer whose request failed validation: the corrected retry runs', async () => {
    const { app, created } = await ordersApp()
    const headers = { 'idempotency-key': 'v1' }
    const invalid = await app.inject({ method: 'POST', url: '/orders/', headers, payload: { item: 'pen', quantity: 'two' } })
    expect(invalid.statusCode, invalid.body).toBe(422)
    expect(invalid.json().detail[0].loc).toEqual(['body', 'quantity'])
    const fixed = await app.inject({ method: 'POST', url: '/orders/', headers, payload: { item: 'pen', quantity: 2 } })
    expect(fixed.statusCode, fixed.body).toBe(201)
    expect(fixed.headers['idempotent-replayed']).toBeUndefined()
    expect(created).toHaveLength(1)
  })

  it('does not store the answer of a plain Fastify route whose schema refused the body', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.post('/plain', {
      deps: { key: Idempotency() },
      schema: { body: { type: 'object', properties: { quantity: { type: 'integer' } }, required: ['quantity'] } },
    }, async () => ({ run: ++runs }))
    const headers = { 'idempotency-key': 'p1' }
    const invalid = await app.inject({ method: 'POST', url: '/plain', headers, payload: { quantity: 'two' } })
    expect(invalid.statusCode, invalid.body).toBeGreaterThanOrEqual(400)
    const fixed = await app.inject({ method: 'POST', url: '/plain', headers, payload: { quantity: 2 } })
    expect(fixed.statusCode, fixed.body).toBe(200)
    expect(fixed.json()).toEqual({ run: 1 })
  })

  it('gives the handler the key it was sent, or null without one', async () => {
    const app = await buildApp({ idempotency: {} })
    app.api.post('/echo', { deps: { key: Idempotency() } }, ({ deps }) => ({ key: deps.key }))
    expect((await app.inject({ method: 'POST', url: '/echo', headers: { 'idempotency-key': 'abc' } })).json()).toEqual({ key: 'abc' })
    expect((await app.inject({ method: 'POST', url: '/echo' })).json()).toEqual({ key: null })
  })

  it('replays on a plain Fastify route with deps, and on a PATCH route', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.post('/plain', { deps: { key: Idempotency() } }, async () => ({ run: ++runs }))
    app.api.patch('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }), deps: { key: Idempotency() } }, ({ params }) => ({ id: params.item_id, run: ++runs }))
    const plain = { method: 'POST' as const, url: '/plain', headers: { 'idempotency-key': 'x' } }
    expect((await app.inject(plain)).json()).toEqual({ run: 1 })
    const replayed = await app.inject(plain)
    expect(replayed.json()).toEqual({ run: 1 })
    expect(replayed.headers['idempotent-replayed']).toBe('true')
    const patch = { method: 'PATCH' as const, url: '/items/3', headers: { 'idempotency-key': 'y' } }
    expect((await app.inject(patch)).json()).toEqual({ id: 3, run: 2 })
    expect((await app.inject(patch)).json()).toEqual({ id: 3, run: 2 })
  })
})
