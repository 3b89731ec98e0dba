import { describe, expect, it } from 'vitest'
import { ALICE, asUser, buildTestApp, itemsClient, JOHNDOE, PORTAL_GUN } from './helpers.js'

describe('pagination: skip and limit, bounded, on every list route', () => {
  it('pages users with skip and limit', async () => {
    const { app } = await buildTestApp()

    const first = await app.inject('/users/?limit=1')
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toEqual([JOHNDOE])

    const second = await app.inject('/users/?skip=1&limit=1')
    expect(second.statusCode, second.body).toBe(200)
    expect(second.json()).toEqual([ALICE])
  })

  it('refuses a limit of 0 and of 101 with 422 at ["query","limit"]', async () => {
    const { app } = await buildTestApp()

    const zero = await app.inject('/users/?limit=0')
    expect(zero.statusCode, zero.body).toBe(422)
    expect(zero.json()).toEqual({
      detail: [{ type: 'greater_than_equal', loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } }],
    })

    const tooMany = await app.inject('/users/?limit=101')
    expect(tooMany.statusCode, tooMany.body).toBe(422)
    expect(tooMany.json()).toEqual({
      detail: [{ type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '101', ctx: { le: 100 } }],
    })
  })

  it('reports the dependency\'s errors and the route\'s own in one 422, the dependency\'s first', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/search?q=ab&skip=-1')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'greater_than_equal', loc: ['query', 'skip'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
        { type: 'string_too_short', loc: ['query', 'q'], msg: 'String should have at least 3 characters', input: 'ab', ctx: { min_length: 3 } },
      ],
    })
  })

  it('pages search results, the typed client sending the dependency\'s limit beside the route\'s tag', async () => {
    const { app } = await buildTestApp()

    const res = await itemsClient(app).GET('/items/search', { params: { query: { tag: ['gadgets'], limit: 1 } } })
    expect(res.status).toBe(200)
    expect(res.data).toEqual([PORTAL_GUN])
  })

  it('checks the token on orders before the query: 401 without it, 422 with it', async () => {
    const { app } = await buildTestApp()

    const anonymous = await app.inject('/orders/?limit=0')
    expect(anonymous.statusCode, anonymous.body).toBe(401)
    expect(anonymous.json()).toEqual({ detail: 'Not authenticated' })

    const signedIn = await app.inject({ url: '/orders/?limit=0', headers: asUser('johndoe') })
    expect(signedIn.statusCode, signedIn.body).toBe(422)
    expect(signedIn.json()).toEqual({
      detail: [{ type: 'greater_than_equal', loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } }],
    })
  })
})
