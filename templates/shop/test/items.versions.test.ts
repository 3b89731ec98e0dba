import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, countRows, itemRow, MEESEEKS_BOX, PLUMBUS, PORTAL_GUN } from './helpers.js'

// v1 was deprecated on 2026-06-01 (1780272000 s after the epoch, RFC 9745) and sunsets on
// 2027-06-01, a Tuesday (RFC 8594's HTTP-date). It is not retired after the sunset, so these
// tests do not depend on today's date.
const V1_HEADERS = {
  deprecation: '@1780272000',
  sunset: 'Tue, 01 Jun 2027 00:00:00 GMT',
  link: '</v2/docs>; rel="successor-version"',
}
const NO_VERSION_HEADERS = { deprecation: undefined, sunset: undefined, link: undefined }

function versionHeaders (headers: Record<string, unknown>) {
  return { deprecation: headers.deprecation, sunset: headers.sunset, link: headers.link }
}

/** A seed item as v2 answers it: the price with its currency. */
function v2 (item: { price: number }) {
  return { ...item, price: { amount: item.price, currency: 'EUR' } }
}

describe('items in two versions: v1 deprecated, v2 with priced amounts', () => {
  it('serves /v1/items/1 with the number price and the Deprecation, Sunset and successor Link headers', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/v1/items/1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(PLUMBUS)
    expect(versionHeaders(res.headers)).toEqual(V1_HEADERS)
  })

  it('serves /v2/items/1 with the price as { amount, currency } and no deprecation headers', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/v2/items/1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ id: 1, name: 'Plumbus', description: 'A regular old plumbus', price: { amount: 6.5, currency: 'EUR' }, tax: 0.65, tags: ['household', 'tools'], stock: 10 })
    expect(versionHeaders(res.headers)).toEqual(NO_VERSION_HEADERS)
  })

  it('pages both list endpoints with skip and limit', async () => {
    const { app } = await buildTestApp()

    const v1 = await app.inject('/v1/items/?skip=1&limit=2')
    expect(v1.statusCode, v1.body).toBe(200)
    expect(v1.json()).toEqual([PORTAL_GUN, MEESEEKS_BOX])
    expect(versionHeaders(v1.headers)).toEqual(V1_HEADERS)

    const v2Page = await app.inject('/v2/items/?skip=1&limit=1')
    expect(v2Page.statusCode, v2Page.body).toBe(200)
    expect(v2Page.json()).toEqual([v2(PORTAL_GUN)])

    const v2Default = await app.inject('/v2/items/')
    expect(v2Default.statusCode, v2Default.body).toBe(200)
    expect(v2Default.json()).toEqual([v2(PLUMBUS), v2(PORTAL_GUN), v2(MEESEEKS_BOX)])
  })

  it('refuses a limit out of bounds on v2 as on v1: the pagination dependency is shared', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/v2/items/?limit=101')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '101', ctx: { le: 100 } }],
    })
  })

  it('sends the deprecation headers on v1\'s errors too, and answers 404 the same in both versions', async () => {
    const { app } = await buildTestApp()

    const v1 = await app.inject('/v1/items/99')
    expect(v1.statusCode, v1.body).toBe(404)
    expect(v1.json()).toEqual({ detail: 'Item not found' })
    expect(versionHeaders(v1.headers)).toEqual(V1_HEADERS)

    const v2Missing = await app.inject('/v2/items/99')
    expect(v2Missing.statusCode, v2Missing.body).toBe(404)
    expect(v2Missing.json()).toEqual({ detail: 'Item not found' })
    expect(versionHeaders(v2Missing.headers)).toEqual(NO_VERSION_HEADERS)
  })

  it('creates an item on v2 from a { amount, currency } price, stored as the number v1 reads', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/v2/items/', headers: asUser('johndoe'), payload: { name: 'Fleeb', price: { amount: 4.25, currency: 'EUR' }, stock: 3, supplier_cost: 1.5 } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ id: 4, name: 'Fleeb', description: null, price: { amount: 4.25, currency: 'EUR' }, tax: null, tags: [], stock: 3 })
    expect(await itemRow(db, 4)).toEqual({ id: 4, name: 'Fleeb', description: null, price: 4.25, tax: null, tags: [], stock: 3, supplier_cost: 1.5 })

    const v1 = await app.inject('/v1/items/4')
    expect(v1.statusCode, v1.body).toBe(200)
    expect(v1.json()).toEqual({ id: 4, name: 'Fleeb', description: null, price: 4.25, tax: null, tags: [], stock: 3 })
  })

  it('refuses on v2 a price in another currency, and a v1-style number price, with 422', async () => {
    const { app, db } = await buildTestApp()

    const dollars = await app.inject({ method: 'POST', url: '/v2/items/', headers: asUser('johndoe'), payload: { name: 'Fleeb', price: { amount: 4.25, currency: 'USD' } } })
    expect(dollars.statusCode, dollars.body).toBe(422)
    expect(dollars.json()).toEqual({
      detail: [{ type: 'literal_error', loc: ['body', 'price', 'currency'], msg: "Input should be 'EUR'", input: 'USD', ctx: { expected: "'EUR'" } }],
    })

    const number = await app.inject({ method: 'POST', url: '/v2/items/', headers: asUser('johndoe'), payload: { name: 'Fleeb', price: 4.25 } })
    expect(number.statusCode, number.body).toBe(422)
    expect(number.json()).toEqual({
      detail: [{ type: 'model_attributes_type', loc: ['body', 'price'], msg: 'Input should be a valid dictionary or object to extract fields from', input: 4.25 }],
    })
    expect(await countRows(db, 'items')).toBe(3)
  })

  it('keeps the unversioned /items/ as it was: the v1 shape, with no deprecation headers', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(PLUMBUS)
    expect(versionHeaders(res.headers)).toEqual(NO_VERSION_HEADERS)
  })
})
