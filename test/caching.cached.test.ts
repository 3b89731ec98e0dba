import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { Cached, Depends, HTTPException, type Dependency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// fastapi-cache's `@cache(expire=60)`, as a dependency: the function runs on a miss only, its
// value kept as JSON for the ttl, until it expires or is invalidated.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function itemsApp (ttl = 60) {
  const calls: number[] = []
  const getItem = Depends({ params: z.object({ item_id: z.coerce.number() }) }, async ({ params }) => {
    calls.push(params.item_id)
    if (params.item_id === 404) throw new HTTPException(404, 'Item not found')
    return { id: params.item_id, name: `Item ${params.item_id}`, at: new Date('2025-01-02T03:04:05.000Z') }
  })
  const cachedItem = Cached(getItem, { ttl, key: ({ params }) => `item:${String(params.item_id)}`, tags: ['items'] })
  return { calls, cachedItem }
}

describe('Cached', () => {
  it('runs the dependency on a miss only, and gives the same JSON value on a hit', async () => {
    const app = await buildApp({ cache: {} })
    const { calls, cachedItem } = itemsApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }), deps: { item: cachedItem } }, ({ deps }) => deps.item)

    const first = await app.inject({ url: '/items/1' })
    const second = await app.inject({ url: '/items/1' })
    expect(first.json()).toEqual({ id: 1, name: 'Item 1', at: '2025-01-02T03:04:05.000Z' })
    expect(second.body).toBe(first.body)
    expect((await app.inject({ url: '/items/2' })).json()).toMatchObject({ id: 2 })
    expect(calls).toEqual([1, 2])
  })

  it('computes a value again once its ttl is over', async () => {
    const app = await buildApp({ cache: {} })
    const { calls, cachedItem } = itemsApp(0.3)
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }), deps: { item: cachedItem } }, ({ deps }) => deps.item)

    await app.inject({ url: '/items/1' })
    await app.inject({ url: '/items/1' })
    expect(calls).toEqual([1])
    await sleep(400)
    await app.inject({ url: '/items/1' })
    expect(calls).toEqual([1, 1])
  })

  it('forgets a value invalidated by key, and values invalidated by tag', async () => {
    const app = await buildApp({ cache: {} })
    const { calls, cachedItem } = itemsApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }), deps: { item: cachedItem } }, ({ deps }) => deps.item)
    app.api.put('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }) }, async ({ params, request }) => {
      await request.server.cache.invalidate(`item:${params.item_id}`)
      return { updated: params.item_id }
    })

    for (const id of [1, 2, 1, 2]) await app.inject({ url: `/items/${id}` })
    expect(calls).toEqual([1, 2])
    await app.inject({ method: 'PUT', url: '/items/1' })
    for (const id of [1, 2]) await app.inject({ url: `/items/${id}` })
    expect(calls).toEqual([1, 2, 1])
    await app.cache.invalidateTags('items')
    for (const id of [1, 2]) await app.inject({ url: `/items/${id}` })
    expect(calls).toEqual([1, 2, 1, 1, 2])
  })

  it('computes a miss once for many requests at the same time (no stampede)', async () => {
    const app = await buildApp({ cache: {} })
    let calls = 0
    const slow = Depends(async () => {
      calls++
      await sleep(100)
      return { report: 'done' }
    })
    app.api.get('/report', { deps: { report: Cached(slow, { ttl: 60 }) } }, ({ deps }) => deps.report)

    const answers = await Promise.all(Array.from({ length: 20 }, () => app.inject({ url: '/report' })))
    expect(answers.map((res) => res.statusCode)).toEqual(Array(20).fill(200))
    expect(answers.map((res) => res.json())).toEqual(Array(20).fill({ report: 'done' }))
    expect(calls).toBe(1)
  })

  it('keys a value by the dependency\'s declared inputs by default', async () => {
    const app = await buildApp({ cache: {} })
    const seen: string[] = []
    const search = Depends({ query: z.object({ q: z.string(), limit: z.coerce.number().default(10) }) }, ({ query }) => {
      seen.push(`${query.q}/${query.limit}`)
      return [query.q]
    })
    app.api.get('/search', { deps: { hits: Cached(search, { ttl: 60 }) } }, ({ deps }) => deps.hits)

    for (const url of ['/search?q=a', '/search?q=a&limit=10', '/search?q=b', '/search?q=a&limit=5', '/search?q=a']) await app.inject({ url })
    expect(seen).toEqual(['a/10', 'b/10', 'a/5'])
  })

  it('caches no error and no undefined: the next request runs the dependency again', async () => {
    const app = await buildApp({ cache: {} })
    const { calls, cachedItem } = itemsApp()
    let undefinedCalls = 0
    const nothing = Depends(() => { undefinedCalls++ })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }), deps: { item: cachedItem } }, ({ deps }) => deps.item)
    app.api.get('/nothing', { deps: { value: Cached(nothing, { ttl: 60 }) } }, ({ deps }) => ({ value: deps.value ?? null }))

    expect((await app.inject({ url: '/items/404' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/items/404' })).json()).toEqual({ detail: 'Item not found' })
    expect(calls).toEqual([404, 404])
    await app.inject({ url: '/nothing' })
    await app.inject({ url: '/nothing' })
    expect(undefinedCalls).toBe(2)
  })

  it('answers 500 and logs a coded error for a value JSON cannot hold', async () => {
    const app = await buildApp({ cache: {} })
    const big = Depends(function bigNumber () { return { n: 10n } })
    app.api.get('/big', { deps: { value: Cached(big, { ttl: 60 }) } }, () => 'never')
    const errors: unknown[] = []
    app.addHook('onError', async (_request, _reply, error) => { errors.push(error) })

    const res = await app.inject({ url: '/big' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(errors).toEqual([expect.objectContaining({ code: 'FFA_ERR_CACHE_VALUE', message: expect.stringContaining('Cached(bigNumber): the value cannot be cached: Do not know how to serialize a BigInt') })])
  })

  it('drops the value stored longest ago past maxEntries', async () => {
    const app = await buildApp({ cache: { maxEntries: 2 } })
    const { calls, cachedItem } = itemsApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }), deps: { item: cachedItem } }, ({ deps }) => deps.item)

    for (const id of [1, 2, 3, 3, 2, 1]) await app.inject({ url: `/items/${id}` })
    expect(calls).toEqual([1, 2, 3, 1])
  })

  it('refuses a Cached dependency where the caching plugin is not registered, naming the fix', async () => {
    const app = await buildApp()
    const { cachedItem } = itemsApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }), deps: { item: cachedItem } }, ({ deps }) => deps.item)
    const errors: unknown[] = []
    app.addHook('onError', async (_request, _reply, error) => { errors.push(error) })

    expect((await app.inject({ url: '/items/1' })).statusCode).toBe(500)
    expect(errors).toEqual([expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING', message: expect.stringContaining("fastapi preset's `cache` option") })])
  })

  it('refuses mistakes when declared: a bad ttl, a generator, deps without a key', () => {
    const item = Depends(function getItem () { return 1 })
    expect(() => Cached(item, { ttl: 0 })).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: "Cached(getItem): option 'ttl' must be seconds, more than 0, like 60 (0.5 for half a second); got 0" }))
    expect(() => Cached(item, { ttl: 1, tags: 'items' as never })).toThrow(expect.objectContaining({ message: expect.stringContaining("option 'tags' must be an array of strings") }))
    expect(() => Cached(Depends(function * db () { yield 1 }), { ttl: 1 })).toThrow(expect.objectContaining({ code: 'FFA_ERR_DEP_INVALID', message: expect.stringContaining('Cached(db): only a request-scoped function or async function can be cached; db is a generator') }))
    const withUser = Depends({ deps: { item } }, function ordersOf ({ deps }) { return [deps.item] })
    expect(() => Cached(withUser, { ttl: 1 })).toThrow(expect.objectContaining({ message: expect.stringContaining("Cached(ordersOf): option 'key' is required: ordersOf has deps (item)") }))
    expect(() => Cached((() => 1) as never, { ttl: 1 })).toThrow(expect.objectContaining({ code: 'FFA_ERR_DEP_INVALID' }))
  })

  it('types the value as it comes back from JSON', () => {
    const when = Depends(() => ({ at: new Date(), count: 1, tags: ['a'], label: 'x' as string | null }))
    expectTypeOf(Cached(when, { ttl: 1 })).toEqualTypeOf<Dependency<{ at: string, count: number, tags: string[], label: string | null }>>()
    Cached(when, { ttl: 1, tags: (value) => { expectTypeOf(value.at).toEqualTypeOf<string>(); return [] } })
    // @ts-expect-error  a key is a string
    Cached(when, { ttl: 1, key: () => 5 })
  })
})
