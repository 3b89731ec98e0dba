import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, countRows, itemRow, itemsClient, MEESEEKS_BOX, PLUMBUS, PORTAL_GUN } from './helpers.js'

describe('items router: create, read, update, delete', () => {
  it('lists the first page of items, without their internal supplier_cost', async () => {
    const { app } = await buildTestApp()

    const { status, data, error } = await itemsClient(app).GET('/items/')
    expect(status, JSON.stringify(error)).toBe(200)
    expect(data).toEqual([PLUMBUS, PORTAL_GUN, MEESEEKS_BOX])
  })

  it('redirects /items to /items/ with a 307, as FastAPI does', async () => {
    const { app } = await buildTestApp()

    const redirect = await app.inject('/items?limit=2')
    expect(redirect.statusCode, redirect.body).toBe(307)
    expect(redirect.headers.location).toBe('/items/?limit=2')

    const res = await app.inject(redirect.headers.location as string)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([PLUMBUS, PORTAL_GUN])
  })

  it('pages with skip and limit, coerced from the query string', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/?skip=1&limit=1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([PORTAL_GUN])
  })

  it('refuses a limit out of bounds and a skip that is not an int, in one 422', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/?skip=first&limit=1000')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['query', 'skip'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'first' },
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '1000', ctx: { le: 100 } },
      ],
    })
  })

  it('reads one item by its id', async () => {
    const { app } = await buildTestApp()

    const { status, data, error } = await itemsClient(app).GET('/items/{item_id}', { params: { path: { item_id: 2 } } })
    expect(status, JSON.stringify(error)).toBe(200)
    expect(data).toEqual(PORTAL_GUN)
  })

  it('answers 404 for an item that does not exist', async () => {
    const { app } = await buildTestApp()

    const { status, error } = await itemsClient(app).GET('/items/{item_id}', { params: { path: { item_id: 99 } } })
    expect(status).toBe(404)
    expect(error).toEqual({ detail: 'Item not found' })
  })

  it('answers 422 for an item id that is not an int', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/plumbus')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'plumbus' }],
    })
  })

  it('creates an item with 201, fills the defaults, and keeps supplier_cost out of the answer', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/items/', headers: asUser('johndoe'), payload: { name: 'Fleeb', price: '4.25', stock: 3, supplier_cost: 1.5 } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ id: 4, name: 'Fleeb', description: null, price: 4.25, tax: null, tags: [], stock: 3 })
    expect((await itemRow(db, 4))?.supplier_cost).toBe(1.5)
  })

  it('refuses an item with no name and a price that is not positive, in one 422', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/items/', headers: asUser('johndoe'), payload: { price: 0, tags: ['ok', ''] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { price: 0, tags: ['ok', ''] } },
        { type: 'greater_than', loc: ['body', 'price'], msg: 'Input should be greater than 0', input: 0, ctx: { gt: 0 } },
        { type: 'string_too_short', loc: ['body', 'tags', 1], msg: 'String should have at least 1 character', input: '', ctx: { min_length: 1 } },
      ],
    })
    expect(await countRows(db, 'items')).toBe(3)
  })

  it('refuses malformed JSON with 422 json_invalid', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/items/', headers: { ...asUser('johndoe'), 'content-type': 'application/json' }, payload: '{"name": ' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'json_invalid', loc: ['body', 9], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }],
    })
  })

  it('replaces an item with PUT: fields left out take their defaults', async () => {
    const { app, db } = await buildTestApp()

    const { status, data, error } = await itemsClient(app, asUser('johndoe')).PUT('/items/{item_id}', { params: { path: { item_id: 1 } }, body: { name: 'Plumbus Deluxe', price: 12, stock: 4 } })
    expect(status, JSON.stringify(error)).toBe(200)
    expect(data).toEqual({ id: 1, name: 'Plumbus Deluxe', description: null, price: 12, tax: null, tags: [], stock: 4 })
    expect((await itemRow(db, 1))?.supplier_cost).toBe(0)
  })

  it('answers 404 to a PUT on an item that does not exist, and creates nothing', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'PUT', url: '/items/99', headers: asUser('johndoe'), payload: { name: 'Ghost', price: 1 } })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Item not found' })
    expect(await itemRow(db, 99)).toBeUndefined()
  })

  it('deletes an item with 204 and no body; reading it then is a 404', async () => {
    const { app } = await buildTestApp()

    const client = itemsClient(app, asUser('johndoe'))
    const deleted = await client.DELETE('/items/{item_id}', { params: { path: { item_id: 3 } } })
    expect(deleted.status, JSON.stringify(deleted.error)).toBe(204)
    expect(await deleted.response.text()).toBe('')

    const after = await client.GET('/items/{item_id}', { params: { path: { item_id: 3 } } })
    expect(after.status).toBe(404)
    expect(after.error).toEqual({ detail: 'Item not found' })
  })

  it('answers 405 with Allow to a method the path does not have', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/items/1' })
    expect(res.statusCode, res.body).toBe(405)
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
    expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE')
  })

  it('starts each test from the seed: a change in one test is not seen by the next', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/3')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(MEESEEKS_BOX)
  })
})
