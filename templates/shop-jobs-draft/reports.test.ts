import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi } from 'fastify-fastapi'
import { exportOrders, orderRows, router, type OrderRow } from './reports.js'

describe('the orders export (draft)', () => {
  it('is started by POST, followed with progress, and fetched as CSV when done', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi, { jobs: { jobs: [exportOrders] } })
    await app.register(router)
    const orders: OrderRow[] = Array.from({ length: 1200 }, (_, n) => ({ id: n + 1, user_id: 7, total: n + 0.5, created_at: '2026-02-01' }))
    const mine = (userId: number, since: string) => orders.filter((order) => order.user_id === userId && order.created_at >= since)
    const seen: number[] = []
    app.dependencyOverrides.set(orderRows, () => ({
      count: async (userId, since) => mine(userId, since).length,
      page: async (userId, since, afterId, limit) => mine(userId, since).filter((order) => order.id > afterId).slice(0, limit),
    }))

    const started = await app.inject({ method: 'POST', url: '/reports/orders', headers: { 'x-user-id': '7' }, payload: { since: '2026-01-01' } })
    expect(started.statusCode, started.body).toBe(202)
    const again = await app.inject({ method: 'POST', url: '/reports/orders', headers: { 'x-user-id': '7' }, payload: { since: '2026-01-01' } })
    expect(again.json()).toEqual(started.json())

    const location = started.headers.location as string
    const events = await app.inject({ url: `${location}/events` })
    for (const match of events.body.matchAll(/"percent":(\d+)/g)) seen.push(Number(match[1]))
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(seen.at(-1)).toBe(100)
    await expect.poll(async () => (await app.inject({ url: location })).json<{ status: string }>().status).toBe('succeeded')
    expect((await app.inject({ url: location })).json()).toMatchObject({ progress: { percent: 100, message: 'done' }, result: { rows: 1200 } })
    const csv = await app.inject({ url: `/reports/orders/${started.json<{ id: string }>().id}/csv` })
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.body.split('\n').slice(0, 2)).toEqual(['id,total,created_at', '1,0.50,2026-02-01'])
  })
})
