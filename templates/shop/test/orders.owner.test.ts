import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, countRows, itemRow } from './helpers.js'

// A response model writes a datetime as pydantic 2 does: UTC as Z, no zero fraction.
const CREATED_AT = '2025-01-02T03:04:05Z'
const PLUMBUS_ORDER = { id: 1, user_id: 1, lines: [{ item_id: 1, name: 'Plumbus', quantity: 1, unit_price: 6.5 }], total: 6.5, created_at: CREATED_AT, paid_at: null }

// A second active user, signed up through the API: the seed's other user (alice) is disabled.
async function signUpMorty (app: Awaited<ReturnType<typeof buildTestApp>>['app']): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/users/', payload: { username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' } })
  expect(res.statusCode, res.body).toBe(201)
}

// A sign-up or a login hashes with OWASP's scrypt cost (128 MiB, a few tenths of a second,
// more on a loaded machine): more time than vitest's default 5 s for the few it runs.
describe('orders router: every order belongs to the user who placed it', { timeout: 60_000 }, () => {
  it('places the order for the token\'s user and ignores a user_id in the body', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { user_id: 2, lines: [{ item_id: 1 }] } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual(PLUMBUS_ORDER)
    expect(await db.selectFrom('orders').select('user_id').where('id', '=', 1).executeTakeFirst()).toEqual({ user_id: 1 })
  })

  it('lists and reads only the current user\'s orders; another user\'s order is a 404', async () => {
    const { app } = await buildTestApp()
    await signUpMorty(app)
    await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1 }] } })

    const mine = await app.inject({ url: '/orders/', headers: asUser('johndoe') })
    expect(mine.statusCode, mine.body).toBe(200)
    expect(mine.json()).toEqual([PLUMBUS_ORDER])
    const one = await app.inject({ url: '/orders/1', headers: asUser('johndoe') })
    expect(one.statusCode, one.body).toBe(200)
    expect(one.json()).toEqual(PLUMBUS_ORDER)

    const theirs = await app.inject({ url: '/orders/', headers: asUser('morty') })
    expect(theirs.statusCode, theirs.body).toBe(200)
    expect(theirs.json()).toEqual([])
    const notTheirs = await app.inject({ url: '/orders/1', headers: asUser('morty') })
    expect(notTheirs.statusCode, notTheirs.body).toBe(404)
    expect(notTheirs.json()).toEqual({ detail: 'Order not found' })
  })

  it('does not let another user cancel an order', async () => {
    const { app, db } = await buildTestApp()
    await signUpMorty(app)
    await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1, quantity: 4 }] } })

    const res = await app.inject({ method: 'DELETE', url: '/orders/1', headers: asUser('morty') })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Order not found' })
    expect(await countRows(db, 'orders')).toBe(1)
    expect((await itemRow(db, 1))?.stock).toBe(6)
  })

  it('answers 401 with WWW-Authenticate on every orders route without a token (the router\'s dependency)', async () => {
    const { app } = await buildTestApp()

    for (const [method, url] of [['GET', '/orders/'], ['GET', '/orders/1'], ['POST', '/orders/'], ['DELETE', '/orders/1']] as const) {
      const res = await app.inject({ method, url })
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('answers 400 to a disabled user, who cannot place or list orders', async () => {
    const { app, db } = await buildTestApp()

    const place = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('alice'), payload: { lines: [{ item_id: 1 }] } })
    expect(place.statusCode, place.body).toBe(400)
    expect(place.json()).toEqual({ detail: 'Inactive user' })
    expect((await itemRow(db, 1))?.stock).toBe(10)

    const list = await app.inject({ url: '/orders/', headers: asUser('alice') })
    expect(list.statusCode, list.body).toBe(400)
    expect(list.json()).toEqual({ detail: 'Inactive user' })
  })
})
