import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp } from './helpers.js'

// Seconds as a decimal number, as FastAPI's middleware tutorial writes time.perf_counter() deltas.
const SECONDS = /^\d+(\.\d+)?(e-\d+)?$/

describe('x-process-time middleware', () => {
  it('adds x-process-time in seconds to a successful response', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['x-process-time']).toMatch(SECONDS)
    expect(Number(res.headers['x-process-time'])).toBeLessThan(5)
  })

  it('adds it to error responses too: 404, 422, 401 and the custom exception', async () => {
    const { app } = await buildTestApp()

    const notFound = await app.inject('/nowhere')
    expect(notFound.statusCode, notFound.body).toBe(404)
    expect(notFound.json()).toEqual({ detail: 'Not Found' })
    expect(notFound.headers['x-process-time']).toMatch(SECONDS)

    const invalid = await app.inject('/items/abc')
    expect(invalid.statusCode, invalid.body).toBe(422)
    expect(invalid.headers['x-process-time']).toMatch(SECONDS)

    const unauthorized = await app.inject('/orders/')
    expect(unauthorized.statusCode, unauthorized.body).toBe(401)
    expect(unauthorized.headers['x-process-time']).toMatch(SECONDS)

    const outOfStock = await app.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 3 }] } })
    expect(outOfStock.statusCode, outOfStock.body).toBe(409)
    expect(outOfStock.headers['x-process-time']).toMatch(SECONDS)
  })
})
