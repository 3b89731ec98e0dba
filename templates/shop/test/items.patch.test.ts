import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, itemRow, PLUMBUS } from './helpers.js'

const STAFF = asUser('johndoe')

// FastAPI's "Body - Updates", partial updates with PATCH: `item.model_dump(exclude_unset=True)`,
// so only the fields the client sent change; the others keep their stored values (not defaults).
describe('items router: PATCH changes only the fields sent', () => {
  it('changes the price and keeps every other field, the internal supplier_cost included', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'PATCH', url: '/items/1', headers: STAFF, payload: { price: 7.25 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ...PLUMBUS, price: 7.25 })
    expect(await itemRow(db, 1)).toEqual({ ...PLUMBUS, price: 7.25, supplier_cost: 2.1 })
  })

  it('sets a field sent as null, unlike one left out', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'PATCH', url: '/items/1', headers: STAFF, payload: { description: null, tags: [] } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ...PLUMBUS, description: null, tags: [] })
  })

  it('changes nothing for an empty body, and answers the item', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'PATCH', url: '/items/1', headers: STAFF, payload: {} })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(PLUMBUS)
  })

  it('answers 404 for an item that does not exist', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'PATCH', url: '/items/99', headers: STAFF, payload: { price: 1 } })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Item not found' })
  })

  it('validates the fields sent, and refuses a null where the field may not be null', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'PATCH', url: '/items/1', headers: STAFF, payload: { name: null, stock: -1 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: null },
        { type: 'greater_than_equal', loc: ['body', 'stock'], msg: 'Input should be greater than or equal to 0', input: -1, ctx: { ge: 0 } },
      ],
    })
    expect((await itemRow(db, 1))?.name).toBe('Plumbus')
  })

  it('is for staff only: a customer token without items:write gets 401', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'PATCH', url: '/items/1', headers: asUser('johndoe', ['me', 'orders']), payload: { price: 1 } })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not enough permissions' })
  })
})
