import { describe, expect, it } from 'vitest'
import { buildTestApp, MEESEEKS_BOX, PLUMBUS, PORTAL_GUN } from './helpers.js'

describe('items router: search', () => {
  it('finds items whose name or description contains q, ignoring case', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/search?q=PLUMBUS')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([PLUMBUS])
  })

  it('collects a repeated tag into a list and keeps the items that have every tag', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/search?tag=gadgets&tag=travel')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([PORTAL_GUN])
  })

  it('combines q, one tag and pagination', async () => {
    const { app } = await buildTestApp()

    const all = await app.inject('/items/search?tag=household')
    expect(all.statusCode, all.body).toBe(200)
    expect(all.json()).toEqual([PLUMBUS, MEESEEKS_BOX])

    const page = await app.inject('/items/search?tag=household&skip=1&limit=5')
    expect(page.json()).toEqual([MEESEEKS_BOX])

    const text = await app.inject('/items/search?q=helper&tag=household')
    expect(text.json()).toEqual([MEESEEKS_BOX])
  })

  it('answers an empty list when nothing matches', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/search?q=schwifty')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([])
  })

  it('refuses a q shorter than 3 characters with 422', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/search?q=ab&tag=a&tag=b')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'string_too_short', loc: ['query', 'q'], msg: 'String should have at least 3 characters', input: 'ab', ctx: { min_length: 3 } }],
    })
  })
})
