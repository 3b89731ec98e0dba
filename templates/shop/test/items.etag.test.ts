import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, PLUMBUS } from './helpers.js'

// The catalogue is revalidated on each use (Cache-Control: no-cache): a client that still
// holds the item's ETag gets 304 with no body, and the new item once it changed.

describe('GET /items/{item_id} with an ETag', () => {
  it('answers 304 while the item is unchanged, and 200 with the new item once it changed', async () => {
    const { app } = await buildTestApp()
    const first = await app.inject({ url: '/items/1' })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toEqual(PLUMBUS)
    expect(first.headers['cache-control']).toBe('no-cache')
    const etag = first.headers.etag as string

    const unchanged = await app.inject({ url: '/items/1', headers: { 'if-none-match': etag } })
    expect(unchanged.statusCode).toBe(304)
    expect(unchanged.body).toBe('')

    const update = await app.inject({ method: 'PUT', url: '/items/1', headers: asUser('johndoe'), payload: { ...PLUMBUS, id: undefined, price: 7 } })
    expect(update.statusCode, update.body).toBe(200)
    const changed = await app.inject({ url: '/items/1', headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ id: 1, price: 7 })
    expect(changed.headers.etag).not.toBe(etag)
  })
})
