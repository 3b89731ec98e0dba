import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, fastapi } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's lifespan resources as dependencies: created at startup, shared, closed at shutdown.
function pool (events: string[]) {
  let created = 0
  const getPool = Depends({ scope: 'app' }, async function * getPool () {
    created++
    events.push('pool opened')
    const state = { id: created, served: 0 }
    try {
      yield state
    } finally {
      events.push('pool closed')
    }
  })
  return { getPool, created: () => created }
}

describe('app-scoped dependencies', () => {
  it('creates an app-scoped dependency once, when the app is ready, before any request', async () => {
    const events: string[] = []
    const app = await buildApp()
    const { getPool, created } = pool(events)
    app.api.get('/items', { deps: { pool: getPool } }, ({ deps }) => deps.pool)

    expect(created()).toBe(0)
    await app.ready()
    expect(created()).toBe(1)
    expect(events).toEqual(['pool opened'])
  })

  it('shares the one value between every request and route', async () => {
    const events: string[] = []
    const app = await buildApp()
    const { getPool, created } = pool(events)
    const session = Depends({ deps: { pool: getPool } }, function * session ({ deps }) {
      deps.pool.served++
      yield { pool: deps.pool.id, request: deps.pool.served }
    })
    app.api.get('/items', { deps: { session } }, ({ deps }) => deps.session)
    app.api.get('/users', { deps: { pool: getPool } }, ({ deps }) => ({ pool: deps.pool.id, served: deps.pool.served }))

    expect((await app.inject('/items')).json()).toEqual({ pool: 1, request: 1 })
    expect((await app.inject('/items')).json()).toEqual({ pool: 1, request: 2 })
    expect((await app.inject('/users')).json()).toEqual({ pool: 1, served: 2 })
    expect((await app.inject('/items')).json()).toEqual({ pool: 1, request: 3 })
    expect(created()).toBe(1)
    expect(events).toEqual(['pool opened'])
  })

  it('cleans it up when the app closes, not after a request', async () => {
    const events: string[] = []
    const app = await buildApp()
    const { getPool } = pool(events)
    app.api.get('/items', { deps: { pool: getPool } }, ({ deps }) => ({ id: deps.pool.id }))

    const res = await app.inject('/items')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ id: 1 })
    expect(events).toEqual(['pool opened'])
    await app.close()
    expect(events).toEqual(['pool opened', 'pool closed'])
  })

  it('creates app-scoped sub-dependencies first and closes them last', async () => {
    const events: string[] = []
    const app = await buildApp()
    const settings = Depends({ scope: 'app' }, function * settings () {
      events.push('settings loaded')
      yield { dsn: 'postgres://test' }
      events.push('settings dropped')
    })
    const client = Depends({ scope: 'app', deps: { settings } }, async function * client ({ deps }) {
      events.push(`client connected to ${deps.settings.dsn}`)
      yield { dsn: deps.settings.dsn }
      events.push('client disconnected')
    })
    const router = new APIRouter()
    router.get('/dsn', { deps: { client } }, ({ deps }) => deps.client)
    await app.register(router)

    const res = await app.inject('/dsn')
    expect(res.json()).toEqual({ dsn: 'postgres://test' })
    await app.close()
    expect(events).toEqual(['settings loaded', 'client connected to postgres://test', 'client disconnected', 'settings dropped'])
  })

  it('gives an app-scoped dependency no request', async () => {
    const app = await buildApp()
    const startup = Depends({ scope: 'app' }, ({ request, reply }) => ({ request: request ?? null, reply: reply ?? null }))
    app.api.get('/startup', { deps: { startup } }, ({ deps }) => deps.startup)

    expect((await app.inject('/startup')).json()).toEqual({ request: null, reply: null })
  })

  it('refuses an app-scoped dependency that depends on a request-scoped one with FFA_ERR_DEP_SCOPE', async () => {
    const app = await buildApp()
    const getDb = Depends(function * getDb () { yield 'db' })
    const cache = Depends({ scope: 'app', deps: { db: getDb } }, function cache ({ deps }) { return deps.db })

    expect(() => app.api.get('/cached', { deps: { cache } }, ({ deps }) => deps.cache)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_SCOPE',
      message: 'route GET /cached: the dependency "cache" has the scope "app", so it cannot depend on "getDb", whose scope is "request": give getDb a scope that lives as long, or move it.',
    }))
  })

  it('refuses an app-scoped dependency that declares request params with FFA_ERR_DEP_SCOPE', async () => {
    const app = await buildApp()
    const tenant = Depends({ scope: 'app', headers: z.object({ x_tenant: z.string() }) }, function tenant ({ headers }) { return headers.x_tenant })

    expect(() => app.api.get('/tenant', { deps: { tenant } }, ({ deps }) => deps.tenant)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_SCOPE',
      message: 'route GET /tenant: the app-scoped dependency "tenant" declares request params, but it is created once at startup, before any request: make it request-scoped or drop its params.',
    }))
  })

  it('fails app.ready() when an app-scoped dependency fails to start, and answers no request', async () => {
    const app = Fastify()
    await app.register(fastapi)
    const broken = Depends({ scope: 'app' }, async function broken () { throw new Error('cannot reach the database') })
    app.api.get('/items', { deps: { broken } }, () => 'never')

    await expect(app.ready()).rejects.toThrow('cannot reach the database')
    await app.close()
  })

  it('creates the override instead of the original when it is set before startup, once, for every request', async () => {
    const events: string[] = []
    const app = await buildApp()
    const { getPool, created } = pool(events)
    app.api.get('/pool', { deps: { pool: getPool } }, ({ deps }) => deps.pool)
    let fakes = 0
    app.dependencyOverrides.set(getPool, () => ({ id: 100 + ++fakes, served: 0 }))

    expect((await app.inject('/pool')).json()).toEqual({ id: 101, served: 0 })
    expect((await app.inject('/pool')).json()).toEqual({ id: 101, served: 0 })
    expect(created()).toBe(0) // the real pool never connected
    expect(fakes).toBe(1) // a function override keeps the original's app scope
  })

  it('creates an app-scoped override set after startup at its first use, and the original again once it is cleared', async () => {
    const events: string[] = []
    const app = await buildApp()
    const { getPool, created } = pool(events)
    app.api.get('/pool', { deps: { pool: getPool } }, ({ deps }) => deps.pool.id)
    await app.ready()
    const getFakePool = Depends({ scope: 'app' }, async function * getFakePool () {
      events.push('fake opened')
      try { yield { id: 42, served: 0 } } finally { events.push('fake closed') }
    })

    app.dependencyOverrides.set(getPool, getFakePool)
    expect((await app.inject('/pool')).json()).toBe(42)
    expect((await app.inject('/pool')).json()).toBe(42)
    app.dependencyOverrides.clear()
    expect((await app.inject('/pool')).json()).toBe(1)
    expect(created()).toBe(1)
    await app.close()
    expect(events).toEqual(['pool opened', 'fake opened', 'fake closed', 'pool closed'])
  })

  it('builds an app-scoped dependency on the override of its sub-dependency, and never makes the original', async () => {
    const app = await buildApp()
    let realSettings = 0
    const getSettings = Depends({ scope: 'app' }, function getSettings () {
      realSettings++
      return { dsn: 'postgres://prod' }
    })
    const getPool = Depends({ scope: 'app', deps: { settings: getSettings } }, function getPool ({ deps }) {
      return { dsn: deps.settings.dsn }
    })
    app.api.get('/pool', { deps: { pool: getPool } }, ({ deps }) => deps.pool)
    app.dependencyOverrides.set(getSettings, () => ({ dsn: 'sqlite://test' }))

    expect((await app.inject('/pool')).json()).toEqual({ dsn: 'sqlite://test' })
    expect(realSettings).toBe(0)
  })
})
