import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, versioned } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// With goneAfterSunset, a version answers 410 Gone from its sunset on, in the app's error
// shape ({"detail": ...} for FastAPI's), before any dependency or handler runs.
const SUNSET = '2027-01-01T00:00:00Z'
const GONE = { detail: 'API version v1 was retired on Fri, 01 Jan 2027 00:00:00 GMT: use /v2' }

// Only Date is faked: Fastify's inject and timers keep running.
function setNow (iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(iso))
}
afterEach(() => { vi.useRealTimers() })

function itemsRouter (calls: string[]): APIRouter {
  const audit = Depends({ name: 'audit' }, ({ request }) => { calls.push(`audit ${request.url}`) })
  const items = new APIRouter({ prefix: '/items', dependencies: [audit] })
  items.get('/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => ({ item_id: params.item_id }))
  items.post('/', { body: z.object({ name: z.string() }), status: 201 }, ({ body }) => body)
  return items
}

async function sunsetApp (calls: string[], goneAfterSunset = true) {
  const app = await buildApp()
  await app.register(versioned({
    v1: { routers: itemsRouter(calls), deprecated: { since: '2026-06-01', sunset: SUNSET, successor: 'v2', goneAfterSunset } },
    v2: itemsRouter(calls),
  }))
  return app
}

describe('versioned APIs: after the sunset', () => {
  it('serves the deprecated version until the last second before its sunset', async () => {
    setNow('2026-12-31T23:59:59.999Z')
    const calls: string[] = []
    const app = await sunsetApp(calls)

    const res = await app.inject('/v1/items/3')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_id: 3 })
    expect(calls).toEqual(['audit /v1/items/3'])
  })

  it("answers 410 in FastAPI's shape from the sunset on, without running dependencies or the handler", async () => {
    setNow(SUNSET)
    const calls: string[] = []
    const app = await sunsetApp(calls)

    const res = await app.inject('/v1/items/3')
    expect(res.statusCode, res.body).toBe(410)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toEqual(GONE)
    expect(calls).toEqual([])
  })

  it('answers 410 before judging the request: a bad body or param is not reported', async () => {
    setNow('2027-06-01T00:00:00Z')
    const app = await sunsetApp([])

    const post = await app.inject({ method: 'POST', url: '/v1/items/', payload: { name: 42 } })
    expect(post.statusCode, post.body).toBe(410)
    expect(post.json()).toEqual(GONE)
    const param = await app.inject('/v1/items/foo')
    expect(param.statusCode, param.body).toBe(410)
    expect(param.json()).toEqual(GONE)
  })

  it('keeps the deprecation headers on the 410', async () => {
    setNow('2027-06-01T00:00:00Z')
    const app = await sunsetApp([])

    const res = await app.inject('/v1/items/3')
    expect(res.statusCode, res.body).toBe(410)
    expect(res.headers.deprecation).toBe('@1780272000')
    expect(res.headers.sunset).toBe('Fri, 01 Jan 2027 00:00:00 GMT')
    expect(res.headers.link).toBe('</v2/docs>; rel="successor-version"')
  })

  it('keeps serving the successor after the sunset', async () => {
    setNow('2027-06-01T00:00:00Z')
    const app = await sunsetApp([])

    const res = await app.inject('/v2/items/3')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_id: 3 })
  })

  it('keeps serving a version past its sunset when goneAfterSunset is not set', async () => {
    setNow('2027-06-01T00:00:00Z')
    const app = await sunsetApp([], false)

    const res = await app.inject('/v1/items/3')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_id: 3 })
    expect(res.headers.sunset).toBe('Fri, 01 Jan 2027 00:00:00 GMT')
  })

  it('reads the clock at each request: the same app serves before the sunset and answers 410 after', async () => {
    setNow('2026-12-31T23:59:59Z')
    const app = await sunsetApp([])

    const before = await app.inject('/v1/items/3')
    expect(before.statusCode, before.body).toBe(200)
    vi.setSystemTime(new Date(SUNSET))
    const after = await app.inject('/v1/items/3')
    expect(after.statusCode, after.body).toBe(410)
    expect(after.json()).toEqual(GONE)
  })

  it("names the retired version's successor under the prefix the versions are mounted at", async () => {
    setNow('2027-06-01T00:00:00Z')
    const app = await buildApp()
    await app.register(versioned({
      v1: { routers: itemsRouter([]), deprecated: { since: '2026-06-01', sunset: SUNSET, successor: 'v2', goneAfterSunset: true } },
      v2: itemsRouter([]),
    }), { prefix: '/api' })

    const res = await app.inject('/api/v1/items/3')
    expect(res.statusCode, res.body).toBe(410)
    expect(res.json()).toEqual({ detail: 'API version v1 was retired on Fri, 01 Jan 2027 00:00:00 GMT: use /api/v2' })
  })

  it('says only when the version was retired when it has no successor', async () => {
    setNow('2027-06-01T00:00:00Z')
    const app = await buildApp()
    await app.register(versioned({ v1: { routers: itemsRouter([]), deprecated: { since: '2026-06-01', sunset: SUNSET, goneAfterSunset: true } } }))

    const res = await app.inject('/v1/items/3')
    expect(res.statusCode, res.body).toBe(410)
    expect(res.json()).toEqual({ detail: 'API version v1 was retired on Fri, 01 Jan 2027 00:00:00 GMT' })
  })

  it("answers the 410 as problem details when the app's error format is 'problem'", async () => {
    setNow('2027-06-01T00:00:00Z')
    const app = await buildApp({ errors: { format: 'problem' } })
    await app.register(versioned({
      v1: { routers: itemsRouter([]), deprecated: { since: '2026-06-01', sunset: SUNSET, successor: 'v2', goneAfterSunset: true } },
      v2: itemsRouter([]),
    }))

    const res = await app.inject('/v1/items/3')
    expect(res.statusCode, res.body).toBe(410)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.json()).toEqual({ type: 'about:blank', title: 'Gone', status: 410, detail: GONE.detail, instance: '/v1/items/3' })
  })
})
