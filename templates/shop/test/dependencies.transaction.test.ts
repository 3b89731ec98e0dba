import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, countRows, itemRow, type LogLine, PLUMBUS } from './helpers.js'

// The log lines of one request (its id is its X-Request-ID), by message, in the order they were written.
function messagesOf (logs: LogLine[], res: { headers: Record<string, unknown> }): Array<string | undefined> {
  return logs.filter((line) => line.reqId === res.headers['x-request-id']).map((line) => line.msg)
}

describe('getDb: one transaction per request, committed before the response or rolled back', () => {
  it('commits before the response is sent: the row is in the table when the 201 arrives', async () => {
    const { app, db, logs } = await buildTestApp({ logs: true })

    const res = await app.inject({ method: 'POST', url: '/items/', headers: asUser('johndoe'), payload: { name: 'Fleeb', price: 4.25 } })
    expect(res.statusCode, res.body).toBe(201)
    expect((await itemRow(db, 4))?.name).toBe('Fleeb')
    // The access line is written when the response is over; the commit (getDb's cleanup) came before.
    expect(messagesOf(logs, res)).toEqual(['Transaction committed', '"POST /items/" 201'])
  })

  it('rolls back when the handler throws, before the error response, and keeps nothing', async () => {
    const { app, db, logs } = await buildTestApp({ logs: true })

    const res = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1, quantity: 2 }, { item_id: 3 }] } })
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json()).toEqual({ detail: { msg: 'Not enough stock', item_id: 3, requested: 1, available: 0 } })

    expect(messagesOf(logs, res)).toEqual(['Transaction rolled back', 'Order refused: out of stock', '"POST /orders/" 409'])
    expect(logs.find((line) => line.msg === 'Transaction rolled back')).toMatchObject({ level: 20, error: 'OutOfStockError' })
    expect((await itemRow(db, 1))?.stock).toBe(10)
    expect(await countRows(db, 'orders')).toBe(0)

    const plumbus = await app.inject('/items/1')
    expect(plumbus.json()).toEqual(PLUMBUS)
  })

  it('rolls back when a dependency after it refuses the request', async () => {
    const { app, logs } = await buildTestApp({ logs: true })

    // currentUser reads the token's user in the transaction, finds none, and answers 401.
    const res = await app.inject({ url: '/users/me', headers: asUser('nobody') })
    expect(res.statusCode, res.body).toBe(401)

    expect(messagesOf(logs, res)).toEqual(['Transaction rolled back', '"GET /users/me" 401'])
    expect(logs.find((line) => line.msg === 'Transaction rolled back')).toMatchObject({ error: 'HTTPException' })
  })

  it('opens one transaction per request, shared by the route and currentUser', async () => {
    const { app, logs } = await buildTestApp({ logs: true })

    const res = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1 }] } })
    expect(res.statusCode, res.body).toBe(201)
    expect(messagesOf(logs, res).filter((msg) => msg?.startsWith('Transaction'))).toEqual(['Transaction committed'])
  })
})
