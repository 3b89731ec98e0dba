import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { asUser, buildTestApp } from './helpers.js'

// `/orders/live`: the logged-in user's order events over a websocket, refused without a token.

interface Live {
  next (): Promise<unknown>
  close (): void
}

async function openLive (url: string, headers: Record<string, string> = {}): Promise<Live> {
  const socket = new WebSocket(url, { headers })
  const queue: unknown[] = []
  const waiters: Array<(value: unknown) => void> = []
  socket.on('message', (data) => {
    const value = JSON.parse(data.toString()) as unknown
    const waiter = waiters.shift()
    if (waiter === undefined) queue.push(value)
    else waiter(value)
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => { resolve() })
    socket.once('unexpected-response', (_request, response) => { reject(new Error(`refused with ${response.statusCode}`)) })
    socket.once('error', reject)
  })
  return {
    next: () => queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => { waiters.push(resolve) }),
    close: () => { socket.terminate() },
  }
}

async function listening () {
  const { app } = await buildTestApp()
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, url: `${address.replace(/^http/, 'ws')}/orders/live` }
}

describe('orders, live', { timeout: 60_000 }, () => {
  it('pushes the user\'s placed and cancelled orders, and none of another user\'s', async () => {
    const { app, url } = await listening()
    const live = await openLive(url, asUser('johndoe'))
    expect(await live.next()).toEqual({ type: 'subscribed', username: 'johndoe' })
    const placed = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1 }] } })
    expect(placed.statusCode, placed.body).toBe(201)
    expect(await live.next()).toEqual({ type: 'order_created', order: { id: 1, total: 6.5, created_at: '2025-01-02T03:04:05.000Z' } })
    const cancelled = await app.inject({ method: 'DELETE', url: '/orders/1', headers: asUser('johndoe') })
    expect(cancelled.statusCode, cancelled.body).toBe(204)
    expect(await live.next()).toEqual({ type: 'order_cancelled', order_id: 1 })
    live.close()
  })

  it('pushes none of another user\'s orders', async () => {
    const { app, url } = await listening()
    const signUp = await app.inject({ method: 'POST', url: '/users/', payload: { username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' } })
    expect(signUp.statusCode, signUp.body).toBe(201)
    const morty = await openLive(url, asUser('morty'))
    expect(await morty.next()).toEqual({ type: 'subscribed', username: 'morty' })
    expect((await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1 }] } })).statusCode).toBe(201)
    expect((await app.inject({ method: 'POST', url: '/orders/', headers: asUser('morty'), payload: { lines: [{ item_id: 1 }] } })).statusCode).toBe(201)
    // Morty's first event is his own order (the second placed), not johndoe's.
    expect(await morty.next()).toMatchObject({ type: 'order_created', order: { id: 2 } })
    morty.close()
  })

  it('pushes a replayed order (the same Idempotency-Key) once', async () => {
    const { app, url } = await listening()
    const live = await openLive(url, asUser('johndoe'))
    expect(await live.next()).toEqual({ type: 'subscribed', username: 'johndoe' })
    const headers = { ...asUser('johndoe'), 'idempotency-key': 'f4b5d2a8-7c1e-4c55-9a3b-2f1d0e9c8b7a' }
    for (let i = 0; i < 2; i++) expect((await app.inject({ method: 'POST', url: '/orders/', headers, payload: { lines: [{ item_id: 1 }] } })).statusCode).toBe(201)
    expect(await live.next()).toMatchObject({ type: 'order_created', order: { id: 1 } })
    expect((await app.inject({ method: 'DELETE', url: '/orders/1', headers: asUser('johndoe') })).statusCode).toBe(204)
    // The next event is the cancel: the replay pushed nothing.
    expect(await live.next()).toEqual({ type: 'order_cancelled', order_id: 1 })
    live.close()
  })

  it('takes the token in the query, as a browser sends it', async () => {
    const { url } = await listening()
    const token = asUser('johndoe').authorization.slice('Bearer '.length)
    const live = await openLive(`${url}?token=${token}`)
    expect(await live.next()).toEqual({ type: 'subscribed', username: 'johndoe' })
    live.close()
  })

  it('refuses the upgrade without a token, with a token lacking the orders scope, and for a disabled user', async () => {
    const { url } = await listening()
    await expect(openLive(url)).rejects.toThrow('refused with 401')
    await expect(openLive(url, asUser('johndoe', ['me']))).rejects.toThrow('refused with 401')
    await expect(openLive(url, asUser('alice'))).rejects.toThrow('refused with 401')
  })
})
