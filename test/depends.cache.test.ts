import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's tests/test_dependency_cache.py: a counter that says how often it ran.
function counterDependencies () {
  const calls = { count: 0 }
  const counter = Depends(function counter () { return ++calls.count })
  const viaA = Depends({ deps: { count: counter } }, function viaA ({ deps }) { return deps.count })
  const viaB = Depends({ deps: { count: counter } }, async function viaB ({ deps }) { return deps.count })
  return { calls, counter, viaA, viaB }
}

describe('the per-request dependency cache', () => {
  it('runs a dependency used three times in one request (directly and through two others) once', async () => {
    const app = await buildApp()
    const { calls, counter, viaA, viaB } = counterDependencies()
    app.api.get('/counter', { deps: { direct: counter, a: viaA, b: viaB } }, ({ deps }) => deps)

    const res = await app.inject('/counter')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ direct: 1, a: 1, b: 1 })
    expect(calls.count).toBe(1)
  })

  it('gives each request a fresh value', async () => {
    const app = await buildApp()
    const { calls, counter, viaA, viaB } = counterDependencies()
    app.api.get('/counter', { deps: { direct: counter, a: viaA, b: viaB } }, ({ deps }) => deps)

    expect((await app.inject('/counter')).json()).toEqual({ direct: 1, a: 1, b: 1 })
    expect((await app.inject('/counter')).json()).toEqual({ direct: 2, a: 2, b: 2 })
    expect((await app.inject('/counter')).json()).toEqual({ direct: 3, a: 3, b: 3 })
    expect(calls.count).toBe(3)
  })

  it('runs it again at a use marked useCache: false', async () => {
    const app = await buildApp()
    const { calls, counter, viaA } = counterDependencies()
    const uncached = Depends({ deps: { count: Depends(counter, { useCache: false }) } }, function uncached ({ deps }) { return deps.count })
    app.api.get('/counter', { deps: { direct: counter, a: viaA, b: uncached } }, ({ deps }) => deps)

    const res = await app.inject('/counter')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ direct: 1, a: 1, b: 2 })
    expect(calls.count).toBe(2)
  })

  it("answers FastAPI's sub-counter-no-cache route: the uncached use runs after the cached one", async () => {
    const app = await buildApp()
    const { counter, viaA } = counterDependencies()
    app.api.get('/sub-counter-no-cache/', { deps: { subcount: viaA, count: Depends(counter, { useCache: false }) } },
      ({ deps }) => ({ counter: deps.count, subcounter: deps.subcount }))

    expect((await app.inject('/sub-counter-no-cache/')).json()).toEqual({ counter: 2, subcounter: 1 })
    expect((await app.inject('/sub-counter-no-cache/')).json()).toEqual({ counter: 4, subcounter: 3 })
  })

  it('keeps the value of an uncached first use for the cached uses after it, as FastAPI does', async () => {
    const app = await buildApp()
    const { calls, counter, viaA } = counterDependencies()
    app.api.get('/counter', { deps: { first: Depends(counter, { useCache: false }), a: viaA, direct: counter } }, ({ deps }) => deps)

    const res = await app.inject('/counter')
    expect(res.json()).toEqual({ first: 1, a: 1, direct: 1 })
    expect(calls.count).toBe(1)
  })

  it('gives a cached use after an uncached one the first cached value, not the uncached one', async () => {
    const app = await buildApp()
    const { calls, counter, viaA } = counterDependencies()
    app.api.get('/counter', { deps: { first: counter, uncached: Depends(counter, { useCache: false }), a: viaA } }, ({ deps }) => deps)

    const res = await app.inject('/counter')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ first: 1, uncached: 2, a: 1 })
    expect(calls.count).toBe(2)
  })

  it('runs a dependency declared with useCache: false at every use', async () => {
    const app = await buildApp()
    let calls = 0
    const fresh = Depends({ useCache: false }, function fresh () { return ++calls })
    const viaFresh = Depends({ deps: { value: fresh } }, ({ deps }) => deps.value)
    app.api.get('/fresh', { deps: { a: fresh, b: fresh, c: viaFresh } }, ({ deps }) => deps)

    expect((await app.inject('/fresh')).json()).toEqual({ a: 1, b: 2, c: 3 })
  })

  it('shares one value between the uses of a dependency, by identity', async () => {
    const app = await buildApp()
    const session = Depends(function session () { return { queries: [] as string[] } })
    const users = Depends({ deps: { session } }, ({ deps }) => { deps.session.queries.push('users'); return deps.session })
    const items = Depends({ deps: { session } }, ({ deps }) => { deps.session.queries.push('items'); return deps.session })
    app.api.get('/shared', { deps: { users, items, session } },
      ({ deps }) => ({ same: deps.users === deps.items && deps.items === deps.session, queries: deps.session.queries }))

    const res = await app.inject('/shared')
    expect(res.json()).toEqual({ same: true, queries: ['users', 'items'] })
  })

  it('runs a dependency with params once even when two others use it', async () => {
    const app = await buildApp()
    let calls = 0
    const pagination = Depends({ query: z.object({ skip: z.number().int().default(0) }) }, ({ query }) => { calls++; return query.skip })
    const a = Depends({ deps: { skip: pagination } }, ({ deps }) => deps.skip)
    const b = Depends({ deps: { skip: pagination } }, ({ deps }) => deps.skip)
    app.api.get('/page', { deps: { a, b } }, ({ deps }) => deps)

    expect((await app.inject('/page?skip=4')).json()).toEqual({ a: 4, b: 4 })
    expect(calls).toBe(1)
  })

  it('sets up a generator dependency used twice once, and cleans it up once', async () => {
    const app = await buildApp()
    const events: string[] = []
    const db = Depends(function * db () {
      events.push('open')
      try { yield 'db' } finally { events.push('close') }
    })
    const repo = Depends({ deps: { db } }, ({ deps }) => `repo(${deps.db})`)
    let cleaned!: () => void
    const done = new Promise<void>((resolve) => { cleaned = resolve })
    const last = Depends(function * last () { yield null; cleaned() })
    app.api.get('/db', { deps: { last, db, repo } }, ({ deps }) => ({ db: deps.db, repo: deps.repo }))

    const res = await app.inject('/db')
    expect(res.json()).toEqual({ db: 'db', repo: 'repo(db)' })
    await done
    expect(events).toEqual(['open', 'close'])
  })
})
