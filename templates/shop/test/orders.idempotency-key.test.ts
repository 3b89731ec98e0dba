import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, countRows, itemRow } from './helpers.js'

// A retried order with the same Idempotency-Key places one order and answers the same 201;
// keys are per user; the same key for another order is refused 422.

const KEY = '5f0c6a1e-8f0e-4d7e-9b5a-3c2d1e0f9a8b'

async function signUpMorty (app: Awaited<ReturnType<typeof buildTestApp>>['app']): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/users/', payload: { username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' } })
  expect(res.statusCode, res.body).toBe(201)
}

const order = (username: string, key: string | undefined, lines: unknown[] = [{ item_id: 1, quantity: 2 }]) => ({
  method: 'POST' as const,
  url: '/orders/',
  headers: { ...asUser(username), ...(key === undefined ? {} : { 'idempotency-key': key }) },
  payload: { lines },
})

// A sign-up hashes with OWASP's scrypt cost: more time than vitest's default 5 s on a loaded machine.
describe('orders router: an Idempotency-Key makes placing an order safe to retry', { timeout: 60_000 }, () => {
  it('places one order for a retried request and answers the retry with the same 201', async () => {
    const { app, db } = await buildTestApp()

    const first = await app.inject(order('johndoe', KEY))
    expect(first.statusCode, first.body).toBe(201)
    const retry = await app.inject(order('johndoe', KEY))
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.body).toBe(first.body)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(await countRows(db, 'orders')).toBe(1)
    expect((await itemRow(db, 1))?.stock).toBe(8)
  })

  it('keeps two users\' same key apart', async () => {
    const { app, db } = await buildTestApp()
    await signUpMorty(app)

    const johns = await app.inject(order('johndoe', KEY))
    const mortys = await app.inject(order('morty', KEY))
    expect(mortys.statusCode, mortys.body).toBe(201)
    expect(mortys.headers['idempotent-replayed']).toBeUndefined()
    expect(mortys.json().id).not.toBe(johns.json().id)
    expect(await countRows(db, 'orders')).toBe(2)
  })

  it('refuses the same key for another order with 422, and places nothing', async () => {
    const { app, db } = await buildTestApp()
    await app.inject(order('johndoe', KEY))

    const other = await app.inject(order('johndoe', KEY, [{ item_id: 1, quantity: 3 }]))
    expect(other.statusCode, other.body).toBe(422)
    expect(other.json()).toEqual({ detail: 'This Idempotency-Key was already used with another request: send a new key for a new request' })
    expect(await countRows(db, 'orders')).toBe(1)
    expect((await itemRow(db, 1))?.stock).toBe(8)
  })

  it('places an order per request without a key, as before', async () => {
    const { app, db } = await buildTestApp()
    expect((await app.inject(order('johndoe', undefined))).statusCode).toBe(201)
    expect((await app.inject(order('johndoe', undefined))).statusCode).toBe(201)
    expect(await countRows(db, 'orders')).toBe(2)
  })

  it('lets a refused order (out of stock, 409) be retried with its key once there is stock', async () => {
    const { app, db } = await buildTestApp()
    const tooMany = [{ item_id: 2, quantity: 2 }]
    const refused = await app.inject(order('johndoe', KEY, tooMany))
    expect(refused.statusCode, refused.body).toBe(409)
    await db.updateTable('items').set({ stock: 5 }).where('id', '=', 2).execute()
    const retry = await app.inject(order('johndoe', KEY, tooMany))
    expect(retry.statusCode, retry.body).toBe(201)
    expect(await countRows(db, 'orders')).toBe(1)
  })

  it('documents the optional Idempotency-Key header on placing an order only', async () => {
    const { app } = await buildTestApp()
    const document = (await app.inject('/openapi.json')).json<{ paths: Record<string, Record<string, { parameters?: Array<{ name: string, in: string, required: boolean }> }>> }>()
    const place = document.paths['/orders/']?.post
    expect(place?.parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false }))
    expect(document.paths['/orders/']?.get?.parameters?.some((parameter) => parameter.name === 'idempotency-key')).toBe(false)
  })
})
