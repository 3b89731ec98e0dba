import { describe, expect, it, vi } from 'vitest'
import { createDatabase } from '../database.js'
import { getStore } from '../dependencies.js'
import type { User } from '../models/user.js'
import { asUser, buildTestApp, type LogLine, PLUMBUS } from './helpers.js'

// The log lines of one request (its id is its X-Request-ID), by message, in the order they were written.
function messagesOf (logs: LogLine[], res: { headers: Record<string, unknown> }): Array<string | undefined> {
  return logs.filter((line) => line.reqId === res.headers['x-request-id']).map((line) => line.msg)
}

describe('getDb: one session per request, committed or rolled back', () => {
  it('commits the session after the response is sent; the change is in the store when the response arrives', async () => {
    const { app, db, logs } = await buildTestApp({ logs: true })

    const res = await app.inject({ method: 'POST', url: '/items/', headers: asUser('johndoe'), payload: { name: 'Fleeb', price: 4.25 } })
    expect(res.statusCode, res.body).toBe(201)
    expect(db.items.get(4)?.name).toBe('Fleeb')

    await vi.waitFor(() => expect(messagesOf(logs, res)).toContain('Session committed'))
    // The access line is written when the response is over; the commit (getDb's cleanup) comes after.
    expect(messagesOf(logs, res)).toEqual(['"POST /items/" 201', 'Session committed'])
    expect(logs.find((line) => line.reqId === res.headers['x-request-id'] && line.msg === 'Session committed')).toMatchObject({ level: 20, changes: 1 })
  })

  it('rolls back the changes when the handler throws, before the error response, and commits nothing', async () => {
    const { app, db, logs } = await buildTestApp({ logs: true })

    const res = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1, quantity: 2 }, { item_id: 3 }] } })
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json()).toEqual({ detail: { msg: 'Not enough stock', item_id: 3, requested: 1, available: 0 } })

    // The Plumbus had been taken out of stock (one change) when the Meeseeks Box failed.
    expect(messagesOf(logs, res)).toEqual(['Session rolled back', 'Order refused: out of stock', '"POST /orders/" 409'])
    expect(logs.find((line) => line.msg === 'Session rolled back')).toMatchObject({ level: 20, changes: 1, error: 'OutOfStockError' })
    expect(db.items.get(1)?.stock).toBe(10)
    expect(db.items.get(3)?.stock).toBe(0)
    expect(db.orders.size).toBe(0)

    const plumbus = await app.inject('/items/1')
    expect(plumbus.json()).toEqual(PLUMBUS)
  })

  it('rolls back and releases the session when a dependency after it refuses the request', async () => {
    const { app, logs } = await buildTestApp({ logs: true })

    // currentUser opens the session to look the token up, then answers 401.
    const res = await app.inject({ url: '/users/me', headers: asUser('nobody') })
    expect(res.statusCode, res.body).toBe(401)

    expect(messagesOf(logs, res)).toEqual(['Session rolled back', '"GET /users/me" 401'])
    expect(logs.find((line) => line.msg === 'Session rolled back')).toMatchObject({ changes: 0, error: 'HTTPException' })
  })

  it('opens one session per request, shared by the route and currentUser', async () => {
    const { app, logs } = await buildTestApp({ logs: true })

    const res = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1 }] } })
    expect(res.statusCode, res.body).toBe(201)

    await vi.waitFor(() => expect(messagesOf(logs, res)).toContain('Session committed'))
    expect(messagesOf(logs, res).filter((msg) => msg?.startsWith('Session'))).toEqual(['Session committed'])
    // The stock moved and the order was inserted, in the one session.
    expect(logs.find((line) => line.msg === 'Session committed')).toMatchObject({ changes: 2 })
  })

  it('serves the store a test sets with dependencyOverrides, and the app\'s own one once the override is deleted', async () => {
    const { app, db } = await buildTestApp()
    const empty = createDatabase({ seed: false })
    // No items, and the one user who signs the catalogue's changes.
    empty.users.set(1, structuredClone(db.users.get(1) as User))
    app.dependencyOverrides.set(getStore, () => empty)

    const none = await app.inject('/items/')
    expect(none.statusCode, none.body).toBe(200)
    expect(none.json()).toEqual([])
    const created = await app.inject({ method: 'POST', url: '/items/', headers: asUser('johndoe'), payload: { name: 'Fleeb', price: 4.25 } })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ id: 1, name: 'Fleeb' })
    expect(empty.items.size).toBe(1)
    expect(db.items.size).toBe(3)

    // Without an override, the routes use the store the app created at startup (getStore): seeded.
    app.dependencyOverrides.delete(getStore)
    const seeded = await app.inject('/items/?limit=1')
    expect(seeded.statusCode, seeded.body).toBe(200)
    expect(seeded.json()).toEqual([PLUMBUS])
  })
})
