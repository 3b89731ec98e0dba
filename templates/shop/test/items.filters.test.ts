import { describe, expect, it } from 'vitest'
import { buildTestApp, MEESEEKS_BOX, PLUMBUS, PORTAL_GUN } from './helpers.js'

// The list's filters, in SQL (crud/items.ts), combined with AND and paged after filtering.
describe('items router: GET /items/ filters', () => {
  it('keeps the items that have every tag asked', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/?tag=gadgets')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([PORTAL_GUN, MEESEEKS_BOX])

    const both = await app.inject('/items/?tag=gadgets&tag=household')
    expect(both.json()).toEqual([MEESEEKS_BOX])
  })

  it('keeps a price range, bounds included', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/?min_price=6.5&max_price=19.99')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([PLUMBUS, MEESEEKS_BOX])
  })

  it('keeps the items in stock, or those out of it', async () => {
    const { app } = await buildTestApp()

    const inStock = await app.inject('/items/?in_stock=true')
    expect(inStock.json()).toEqual([PLUMBUS, PORTAL_GUN])
    const soldOut = await app.inject('/items/?in_stock=false')
    expect(soldOut.json()).toEqual([MEESEEKS_BOX])
  })

  it('combines the filters, then pages what is left', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/?tag=gadgets&in_stock=true&min_price=100')
    expect(res.json()).toEqual([PORTAL_GUN])
    const page = await app.inject('/items/?in_stock=true&skip=1&limit=1')
    expect(page.json()).toEqual([PORTAL_GUN])
  })

  it('refuses a price that is not a number and a negative one, in one 422', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/?min_price=cheap&max_price=-1')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'float_parsing', loc: ['query', 'min_price'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'cheap' },
        { type: 'greater_than_equal', loc: ['query', 'max_price'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
      ],
    })
  })
})
