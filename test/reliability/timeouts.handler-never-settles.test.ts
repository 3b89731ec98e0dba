import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { Depends, fastapi, fastapiServerOptions } from 'fastify-fastapi'
import { buildApp, captureLogs } from '../helpers/app.js'

// A handler that never settles (a lost promise, a query on a frozen connection) would hold its
// client and its dependencies' connections forever. handlerTimeout answers for it.

function connectionPool () {
  const events: string[] = []
  const getDb = Depends(async function* getDb () {
    events.push('connect')
    try {
      yield { query: () => new Promise(() => undefined) }
      events.push('commit')
    } catch (error) {
      events.push(`rollback: ${(error as { code?: string }).code ?? String(error)}`)
      throw error
    } finally {
      events.push('release')
    }
  })
  return { events, getDb }
}

describe('A handler that never settles', () => {
  it('is answered 503 {"detail":"Service Unavailable"} once its route\'s handlerTimeout passes', async () => {
    const app = await buildApp()
    app.api.get('/reports/', { handlerTimeout: 100 }, () => new Promise(() => undefined))

    const started = performance.now()
    const res = await app.inject('/reports/')
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toEqual({ detail: 'Service Unavailable' })
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('has its dependencies cleaned up with the timeout error, though the handler is still stuck', async () => {
    const { events, getDb } = connectionPool()
    const app = await buildApp()
    app.api.get('/reports/', { handlerTimeout: 100, deps: { db: getDb } }, ({ deps }) => deps.db.query())

    const res = await app.inject('/reports/')
    expect(res.statusCode, res.body).toBe(503)
    await expect.poll(() => events).toEqual(['connect', 'rollback: FST_ERR_HANDLER_TIMEOUT', 'release'])
  })

  it('aborts request.signal, so a handler that listens stops its work', async () => {
    const app = await buildApp()
    let stoppedBy: unknown
    app.api.get('/reports/', { handlerTimeout: 100 }, ({ request }) => new Promise((_resolve, reject) => {
      request.signal.addEventListener('abort', () => { stoppedBy = (request.signal.reason as { code?: string }).code; reject(request.signal.reason) })
    }))

    const res = await app.inject('/reports/')
    expect(res.statusCode, res.body).toBe(503)
    expect(stoppedBy).toBe('FST_ERR_HANDLER_TIMEOUT')
  })

  it('is cut by the app-wide handlerTimeout of fastapiServerOptions, which a route\'s own overrides', async () => {
    const logs = captureLogs()
    const app = Fastify({ ...fastapiServerOptions({ handlerTimeout: 100 }), logger: { level: 'info', stream: logs.stream } })
    onTestFinished(() => app.close())
    await app.register(fastapi)
    app.api.get('/stuck', () => new Promise(() => undefined))
    app.api.get('/slow-but-fine', { handlerTimeout: 2000 }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300))
      return { done: true }
    })

    const stuck = await app.inject('/stuck')
    expect(stuck.statusCode, stuck.body).toBe(503)
    expect(stuck.json()).toEqual({ detail: 'Service Unavailable' })
    expect(logs.lines.filter((line) => line.level === 50).map((line) => line.msg)).toEqual(["Request timed out after 100 ms on route '/stuck'"])

    const slow = await app.inject('/slow-but-fine')
    expect(slow.statusCode, slow.body).toBe(200)
    expect(slow.json()).toEqual({ done: true })
  })

  it('leaves a route that answers in time alone: 200, its cleanup once, committed', async () => {
    const { events, getDb } = connectionPool()
    const app = await buildApp()
    app.api.get('/reports/', { handlerTimeout: 1000, deps: { db: getDb } }, () => ({ rows: 0 }))

    const res = await app.inject('/reports/')
    expect(res.statusCode, res.body).toBe(200)
    await expect.poll(() => events).toEqual(['connect', 'commit', 'release'])
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(events).toEqual(['connect', 'commit', 'release'])
  })

  it.each([0, -1, 1.5, '5s'])('refuses a route handlerTimeout of %o at registration with FFA_ERR_OPTION_INVALID', async (value) => {
    const app = await buildApp()
    expect(() => app.api.get('/reports/', { handlerTimeout: value as number }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: `Route GET /reports/: option 'handlerTimeout' must be a whole number of milliseconds of at least 1, such as 10_000 (leave it out for no limit); got ${typeof value} ${JSON.stringify(value)}`,
    }))
  })

  it('refuses an app-wide handlerTimeout that is not a whole number of milliseconds', () => {
    expect(() => fastapiServerOptions({ handlerTimeout: 2.5 })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastapiServerOptions: option 'handlerTimeout' must be a whole number of milliseconds (0 for no limit); got number 2.5",
    }))
  })
})
