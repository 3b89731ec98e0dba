import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi, type FastAPIOptions } from 'fastify-fastapi'
import { defineJob } from 'fastify-fastapi/jobs'
import { buildApp } from '../helpers/app.js'
import { untilStatus } from '../helpers/jobs.js'
import { REDIS_URL, testKeyPrefix } from '../helpers/redis.js'
import { addSessionRoutes, login, SECRET } from '../helpers/sessions.js'
import { tcpProxy } from '../helpers/tcp-proxy.js'
import { connect, listen } from '../helpers/websockets.js'

// Redis restarted in the middle of load, as its clients see it: every connection cut, new ones
// refused, then the same address answering again. A proxy in front of the shared Redis does it
// without touching the Redis other test files use. Each feature fails closed (or degrades as
// documented) within a bound, never hangs, and recovers by itself once Redis is back.

const REDIS_PORT = Number(new URL(REDIS_URL).port || 6379)

// Sends `send` every 20 ms until it resolves to `want`, within `timeoutMs`; returns how long it took.
async function recovers (send: () => Promise<number>, want: number, timeoutMs = 10_000): Promise<number> {
  const started = performance.now()
  for (;;) {
    if (await send() === want) return performance.now() - started
    if (performance.now() - started > timeoutMs) throw new Error(`did not recover within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function timed<TValue> (work: Promise<TValue>): Promise<{ value: TValue, ms: number }> {
  const started = performance.now()
  const value = await work
  return { value, ms: performance.now() - started }
}

describe('Redis restarted under load', () => {
  it('rate limits fail closed with a 500 within a second while Redis is down, and count again once it is back', async () => {
    const proxy = await tcpProxy(REDIS_PORT)
    const app = await buildApp({ rateLimit: { max: 1000, timeWindow: '1 minute', redis: proxy.url('redis'), prefix: testKeyPrefix() } })
    app.api.get('/items', () => [])
    expect((await app.inject('/items')).statusCode).toBe(200)

    await proxy.cut()
    const during = await Promise.all(Array.from({ length: 20 }, () => timed(app.inject('/items'))))
    for (const { value, ms } of during) {
      expect(value.statusCode, value.body).toBe(500)
      expect(value.json()).toEqual({ detail: 'Internal Server Error' })
      expect(ms).toBeLessThan(2000)
    }

    await proxy.restore()
    await recovers(async () => (await app.inject('/items')).statusCode, 200)
    expect(Number((await app.inject('/items')).headers['ratelimit-remaining'])).toBeLessThan(1000)
  }, 30_000)

  it('rate limits let requests through unlimited while Redis is down with skipOnError, as documented', async () => {
    const proxy = await tcpProxy(REDIS_PORT)
    const app = await buildApp({ rateLimit: { max: 1000, timeWindow: '1 minute', redis: proxy.url('redis'), prefix: testKeyPrefix(), skipOnError: true } })
    app.api.get('/items', () => [])
    expect((await app.inject('/items')).statusCode).toBe(200)

    await proxy.cut()
    const { value, ms } = await timed(app.inject('/items'))
    expect(value.statusCode, value.body).toBe(200)
    expect(ms).toBeLessThan(2000)
    await proxy.restore()
    await recovers(async () => Number((await app.inject('/items')).headers['ratelimit-remaining'] ?? 1000), 997)
  }, 30_000)

  it('sessions answer 5xx within a second while Redis is down, and the same cookie works again once it is back', async () => {
    const proxy = await tcpProxy(REDIS_PORT)
    const app = await buildApp({ sessions: { secret: SECRET, store: { url: proxy.url('redis'), prefix: testKeyPrefix() } } })
    addSessionRoutes(app)
    const { cookie } = await login(app)
    expect((await app.inject({ url: '/users/me', headers: { cookie } })).json()).toEqual({ username: 'johndoe' })

    await proxy.cut()
    const { value, ms } = await timed(app.inject({ url: '/users/me', headers: { cookie } }))
    // Fails closed: never a 200 for a session nobody could read, and never a hang.
    expect(value.statusCode, value.body).toBeGreaterThanOrEqual(500)
    expect(ms).toBeLessThan(2000)

    await proxy.restore()
    await recovers(async () => (await app.inject({ url: '/users/me', headers: { cookie } })).statusCode, 200)
    expect((await app.inject({ url: '/users/me', headers: { cookie } })).json()).toEqual({ username: 'johndoe' })
  }, 30_000)

  it('jobs answer 503 within a second at enqueue while Redis is down, then enqueue and run by themselves once it is back, losing none', async () => {
    const proxy = await tcpProxy(REDIS_PORT)
    const ran: number[] = []
    const receipt = defineJob({ name: 'receipt', payload: z.object({ order_id: z.number() }) }, ({ payload }) => { ran.push(payload.order_id) })
    // The API and its worker both behind the restarted Redis.
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi, { jobs: { jobs: [receipt], bullmq: { redis: proxy.url('redis'), prefix: testKeyPrefix(), lockDurationMs: 1000 } } })
    app.api.post('/receipts/{order_id}', { params: z.object({ order_id: z.coerce.number() }), status: 202 }, async ({ params }) => app.jobs.enqueue(receipt, { order_id: params.order_id }))
    await app.ready()
    expect((await app.inject({ method: 'POST', url: '/receipts/1' })).statusCode).toBe(202)

    await proxy.cut()
    const { value, ms } = await timed(app.inject({ method: 'POST', url: '/receipts/2' }))
    expect(value.statusCode, value.body).toBe(503)
    expect(value.json()).toEqual({ detail: 'The job queue is unavailable: try again later' })
    expect(ms).toBeLessThan(2000)

    await proxy.restore()
    await recovers(async () => (await app.inject({ method: 'POST', url: '/receipts/3' })).statusCode, 202)
    const last = await app.inject({ method: 'POST', url: '/receipts/4' })
    expect(last.statusCode, last.body).toBe(202)
    // The worker behind the restarted Redis takes jobs again by itself: every accepted job runs
    // once, and the refused one was not queued behind the client's back.
    await untilStatus(app, (last.json() as { id: string }).id, 'succeeded')
    await expect.poll(() => ran.includes(1) && ran.includes(3), { timeout: 10_000 }).toBe(true)
    expect(ran).not.toContain(2)
    expect(ran.filter((order) => order === 4)).toEqual([4])
  }, 30_000)

  it('websocket rooms still deliver in this instance while Redis is down, and across instances again once it is back', async () => {
    const proxy = await tcpProxy(REDIS_PORT)
    const redisPrefix = testKeyPrefix().slice(0, -1)
    const Event = z.object({ type: z.literal('event'), text: z.string() })
    async function instance (redis: string) {
      const app = Fastify()
      await app.register(fastapi, { websockets: { redis, redisPrefix } } satisfies FastAPIOptions)
      app.api.websocket('/rooms/{room}', { params: z.object({ room: z.string() }), outgoing: Event }, async ({ params, socket }) => {
        await socket.join(params.room)
        socket.send({ type: 'event', text: 'joined' })
      })
      return { app, base: await listen(app) }
    }
    const one = await instance(proxy.url('redis'))
    const two = await instance(REDIS_URL)
    const here = await connect(`${one.base}/rooms/orders`)
    const there = await connect(`${two.base}/rooms/orders`)
    for (const client of [here, there]) expect(await client.next()).toEqual({ type: 'event', text: 'joined' })

    await proxy.cut()
    const { ms } = await timed(one.app.websockets.broadcast('orders', { type: 'event', text: 'during the outage' }).catch(() => undefined))
    expect(ms).toBeLessThan(2000)
    expect(await here.next()).toEqual({ type: 'event', text: 'during the outage' })

    const heard: string[] = []
    here.socket.on('message', (data) => { heard.push((JSON.parse(data.toString()) as { text: string }).text) })
    await proxy.restore()
    // Once resubscribed, a broadcast from the other instance reaches this one's socket again.
    await expect.poll(async () => {
      await two.app.websockets.broadcast('orders', { type: 'event', text: 'after' })
      return heard.includes('after')
    }, { timeout: 15_000, interval: 200 }).toBe(true)
  }, 30_000)
})
