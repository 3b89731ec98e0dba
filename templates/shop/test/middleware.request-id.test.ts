import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp } from './helpers.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('request ids', () => {
  it('gives every response, errors included, its own X-Request-ID', async () => {
    const { app } = await buildTestApp()

    const ids = new Set<unknown>()
    for (const url of ['/items/1', '/nowhere', '/items/abc', '/orders/']) {
      const res = await app.inject(url)
      expect(res.headers['x-request-id'], url).toMatch(UUID)
      ids.add(res.headers['x-request-id'])
    }
    expect(ids.size).toBe(4)
  })

  it('logs each request in one access line, under the id its response carries', async () => {
    const { app, logs } = await buildTestApp({ logs: true })

    const res = await app.inject({ url: '/orders/', headers: asUser('johndoe') })
    expect(res.statusCode, res.body).toBe(200)
    const own = logs.filter((line) => line.reqId === res.headers['x-request-id'])
    expect(own.filter((line) => line.path !== undefined)).toEqual([expect.objectContaining({ method: 'GET', path: '/orders/', status: 200, msg: '"GET /orders/" 200' })])
    // Fastify's own pair gives way to it.
    expect(logs.some((line) => line.msg === 'incoming request' || line.msg === 'request completed')).toBe(false)
  })
})
