import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, countRows, itemRow } from './helpers.js'

// A response model writes a datetime as pydantic 2 does: UTC as Z, no zero fraction.
const CREATED_AT = '2025-01-02T03:04:05Z'
const JOHNDOE = asUser('johndoe')

describe('orders router: orders take items out of stock', () => {
  it('places an order with 201, prices it, and takes the quantities out of stock', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({
      method: 'POST',
      url: '/orders/',
      headers: JOHNDOE,
      payload: { lines: [{ item_id: 1, quantity: 3 }, { item_id: 2 }] },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({
      id: 1,
      user_id: 1,
      lines: [
        { item_id: 1, name: 'Plumbus', quantity: 3, unit_price: 6.5 },
        { item_id: 2, name: 'Portal Gun', quantity: 1, unit_price: 999.99 },
      ],
      total: 1019.49,
      created_at: CREATED_AT,
      paid_at: null,
    })
    expect((await itemRow(db, 1))?.stock).toBe(7)
    expect((await itemRow(db, 2))?.stock).toBe(0)
  })

  it('answers 409 through the OutOfStockError handler, and rolls back the stock the order had already taken', async () => {
    const { app, db } = await buildTestApp()

    // Plumbus is taken out of stock first; the Portal Gun then fails, and the session's rollback puts the Plumbus back.
    const res = await app.inject({
      method: 'POST',
      url: '/orders/',
      headers: JOHNDOE,
      payload: { lines: [{ item_id: 1, quantity: 2 }, { item_id: 2, quantity: 3 }] },
    })
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json()).toEqual({ detail: { msg: 'Not enough stock', item_id: 2, requested: 3, available: 1 } })
    expect((await itemRow(db, 1))?.stock).toBe(10)
    expect((await itemRow(db, 2))?.stock).toBe(1)
    expect(await countRows(db, 'orders')).toBe(0)
  })

  it('checks stock against the sum of the lines for one item', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({
      method: 'POST',
      url: '/orders/',
      headers: JOHNDOE,
      payload: { lines: [{ item_id: 1, quantity: 6 }, { item_id: 1, quantity: 5 }] },
    })
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json()).toEqual({ detail: { msg: 'Not enough stock', item_id: 1, requested: 11, available: 10 } })
  })

  it('answers 404 for an order of an item that does not exist', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/orders/', headers: JOHNDOE, payload: { lines: [{ item_id: 1 }, { item_id: 99 }] } })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Item 99 not found' })
    expect((await itemRow(db, 1))?.stock).toBe(10)
  })

  it('refuses an order with no lines and a quantity below 1 with 422', async () => {
    const { app } = await buildTestApp()

    const empty = await app.inject({ method: 'POST', url: '/orders/', headers: JOHNDOE, payload: { lines: [] } })
    expect(empty.statusCode, empty.body).toBe(422)
    expect(empty.json()).toEqual({
      detail: [{
        type: 'too_short',
        loc: ['body', 'lines'],
        msg: 'List should have at least 1 item after validation, not 0',
        input: [],
        ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
      }],
    })

    const zero = await app.inject({ method: 'POST', url: '/orders/', headers: JOHNDOE, payload: { lines: [{ item_id: 1, quantity: 0 }] } })
    expect(zero.statusCode, zero.body).toBe(422)
    expect(zero.json()).toEqual({
      detail: [{ type: 'greater_than_equal', loc: ['body', 'lines', 0, 'quantity'], msg: 'Input should be greater than or equal to 1', input: 0, ctx: { ge: 1 } }],
    })
  })

  it('cancels an order with 204 and puts its items back in stock', async () => {
    const { app, db } = await buildTestApp()
    await app.inject({ method: 'POST', url: '/orders/', headers: JOHNDOE, payload: { lines: [{ item_id: 1, quantity: 4 }] } })
    expect((await itemRow(db, 1))?.stock).toBe(6)

    const res = await app.inject({ method: 'DELETE', url: '/orders/1', headers: JOHNDOE })
    expect(res.statusCode, res.body).toBe(204)
    expect(res.body).toBe('')
    expect((await itemRow(db, 1))?.stock).toBe(10)
    expect(await countRows(db, 'orders')).toBe(0)

    const again = await app.inject({ method: 'DELETE', url: '/orders/1', headers: JOHNDOE })
    expect(again.statusCode, again.body).toBe(404)
    expect(again.json()).toEqual({ detail: 'Order not found' })
  })
})
