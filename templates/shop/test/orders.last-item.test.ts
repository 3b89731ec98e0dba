import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, countRows, itemRow } from './helpers.js'

const JOHNDOE = asUser('johndoe')

// Placing an order reads the stock, checks it and takes it, in one transaction, with the item's
// row locked (SELECT ... FOR UPDATE): without the lock, two orders could read the same last
// unit. Fifty at once for the last Portal Gun: exactly one gets it.
describe('orders router: orders racing for the last item', { timeout: 60_000 }, () => {
  it('sells the last Portal Gun once when fifty orders come at the same time; the others get 409', async () => {
    const { app, db } = await buildTestApp()
    await app.ready()

    const answers = await Promise.all(Array.from({ length: 50 }, () =>
      app.inject({ method: 'POST', url: '/orders/', headers: JOHNDOE, payload: { lines: [{ item_id: 2 }] } })))

    const statuses = answers.map((res) => res.statusCode)
    expect(statuses.filter((status) => status === 201)).toHaveLength(1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(49)
    const refused = answers.find((res) => res.statusCode === 409)
    expect(refused?.json()).toEqual({ detail: { msg: 'Not enough stock', item_id: 2, requested: 1, available: 0 } })
    expect((await itemRow(db, 2))?.stock).toBe(0)
    expect(await countRows(db, 'orders')).toBe(1)
  })

  it('locks only the items ordered: orders for the Plumbus all go through beside the race for the Portal Gun', async () => {
    const { app, db } = await buildTestApp()
    await app.ready()

    const order = (itemId: number) => app.inject({ method: 'POST', url: '/orders/', headers: JOHNDOE, payload: { lines: [{ item_id: itemId }] } })
    // Ten Plumbuses in stock and ten orders for one; five orders for the one Portal Gun.
    const plumbuses = Array.from({ length: 10 }, () => order(1))
    const portalGuns = Array.from({ length: 5 }, () => order(2))

    expect((await Promise.all(plumbuses)).map((res) => res.statusCode)).toEqual(Array.from({ length: 10 }, () => 201))
    expect((await Promise.all(portalGuns)).map((res) => res.statusCode).sort()).toEqual([201, 409, 409, 409, 409])
    expect((await itemRow(db, 1))?.stock).toBe(0)
    expect(await countRows(db, 'orders')).toBe(11)
  })
})
