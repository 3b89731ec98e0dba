import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A chain three levels deep: the route needs currentUser, which needs getDb, which needs getSettings.
function userChain (events: string[] = []) {
  const getSettings = Depends(function getSettings () {
    events.push('real settings')
    return { dsn: 'postgres://production' }
  })
  const getDb = Depends({ deps: { settings: getSettings } }, function * getDb ({ deps }) {
    events.push('real db')
    yield { dsn: deps.settings.dsn }
  })
  const currentUser = Depends({ deps: { db: getDb } }, async function currentUser ({ deps }) {
    return { name: 'Rick', db: deps.db.dsn }
  })
  return { getSettings, getDb, currentUser }
}

describe('dependency overrides', () => {
  it('overrides a sub-dependency three levels down with a plain function', async () => {
    const app = await buildApp()
    const { getSettings, currentUser } = userChain()
    app.api.get('/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)

    expect((await app.inject('/me')).json()).toEqual({ name: 'Rick', db: 'postgres://production' })
    app.dependencyOverrides.set(getSettings, () => ({ dsn: 'sqlite://memory' }))
    const res = await app.inject('/me')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Rick', db: 'sqlite://memory' })
  })

  it('does not run the overridden dependency nor its own sub-dependencies', async () => {
    const app = await buildApp()
    const events: string[] = []
    const { getDb, currentUser } = userChain(events)
    app.api.get('/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)

    app.dependencyOverrides.set(getDb, async () => ({ dsn: 'fake' }))
    expect((await app.inject('/me')).json()).toEqual({ name: 'Rick', db: 'fake' })
    expect(events).toEqual([])
  })

  it("overrides with another dependency that declares its own params, as FastAPI's override_dependency does", async () => {
    const app = await buildApp()
    const commonParameters = Depends({
      query: z.object({ q: z.string().optional(), skip: z.number().int().default(0), limit: z.number().int().default(100) }),
    }, function commonParameters ({ query }) { return query })
    const intermediate = Depends({ deps: { commons: commonParameters } }, ({ deps }) => deps.commons)
    const outer = Depends({ deps: { commons: intermediate } }, ({ deps }) => deps.commons)
    app.api.get('/items/', { deps: { commons: outer } }, ({ deps }) => ({ message: 'Hello Items!', params: deps.commons }))

    const overrideDependency = Depends({ query: z.object({ q: z.string(), skip: z.number().int().default(5) }) },
      function overrideDependency ({ query }) { return { q: query.q, skip: query.skip, limit: 10 } })
    app.dependencyOverrides.set(commonParameters, overrideDependency)

    const res = await app.inject('/items/?q=foo&limit=1000')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ message: 'Hello Items!', params: { q: 'foo', skip: 5, limit: 10 } })
    const missing = await app.inject('/items/?skip=x')
    expect(missing.statusCode, missing.body).toBe(422)
    expect(missing.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null },
        { type: 'int_parsing', loc: ['query', 'skip'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' },
      ],
    })
  })

  it('restores the original with delete, and every original with clear', async () => {
    const app = await buildApp()
    const { getSettings, getDb, currentUser } = userChain()
    app.api.get('/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)

    app.dependencyOverrides.set(getSettings, () => ({ dsn: 'settings override' }))
    expect((await app.inject('/me')).json()).toEqual({ name: 'Rick', db: 'settings override' })
    expect(app.dependencyOverrides.delete(getSettings)).toBe(true)
    expect(app.dependencyOverrides.has(getSettings)).toBe(false)
    expect((await app.inject('/me')).json()).toEqual({ name: 'Rick', db: 'postgres://production' })

    app.dependencyOverrides.set(getSettings, () => ({ dsn: 'settings override' }))
    app.dependencyOverrides.set(getDb, () => ({ dsn: 'db override' }))
    expect((await app.inject('/me')).json()).toEqual({ name: 'Rick', db: 'db override' })
    app.dependencyOverrides.clear()
    expect(app.dependencyOverrides.size).toBe(0)
    expect((await app.inject('/me')).json()).toEqual({ name: 'Rick', db: 'postgres://production' })
  })

  it("runs the override's own generator cleanup after the response", async () => {
    const app = await buildApp()
    const events: string[] = []
    const { getDb, currentUser } = userChain()
    let cleaned!: () => void
    const cleanedUp = new Promise<void>((resolve) => { cleaned = resolve })
    app.dependencyOverrides.set(getDb, async function * testDb () {
      events.push('begin test transaction')
      try {
        yield { dsn: 'test transaction' }
      } finally {
        events.push('rollback test transaction')
        cleaned()
      }
    })
    app.api.get('/me', { deps: { user: currentUser } }, ({ deps }) => { events.push('handler'); return deps.user })

    const res = await app.inject('/me')
    expect(res.json()).toEqual({ name: 'Rick', db: 'test transaction' })
    await cleanedUp
    expect(events).toEqual(['begin test transaction', 'handler', 'rollback test transaction'])
  })

  it('overrides a dependency used in side-effect dependencies, on router and app routes alike', async () => {
    const events: string[] = []
    const verifyKey = Depends({ headers: z.object({ x_key: z.string() }) }, function verifyKey () { events.push('real key check') })
    const app = await buildApp({ depends: { dependencies: [verifyKey] } })
    const router = new APIRouter({ prefix: '/items', dependencies: [verifyKey] })
    router.get('/', () => ['Foo'])
    await app.register(router)
    app.api.get('/users', () => ['Rick'])

    expect((await app.inject('/items/')).statusCode).toBe(422)
    app.dependencyOverrides.set(verifyKey, () => { events.push('no key needed') })
    const items = await app.inject('/items/')
    expect(items.statusCode, items.body).toBe(200)
    expect(items.json()).toEqual(['Foo'])
    const users = await app.inject('/users')
    expect(users.statusCode, users.body).toBe(200)
    expect(events).toEqual(['no key needed', 'no key needed'])
  })

  it('overrides a sub-dependency below a dependency that the route uses twice', async () => {
    const app = await buildApp()
    const { getSettings, currentUser } = userChain()
    app.api.get('/me', { dependencies: [currentUser], deps: { user: currentUser } }, ({ deps }) => deps.user)

    app.dependencyOverrides.set(getSettings, () => ({ dsn: 'sqlite://memory' }))
    const res = await app.inject('/me')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Rick', db: 'sqlite://memory' })
  })

  it('uses the same override for every use of the overridden dependency in a request, once', async () => {
    const app = await buildApp()
    const { getSettings, getDb } = userChain()
    let calls = 0
    app.dependencyOverrides.set(getSettings, () => ({ dsn: `override ${++calls}` }))
    app.api.get('/both', { deps: { settings: getSettings, db: getDb } }, ({ deps }) => deps)

    expect((await app.inject('/both')).json()).toEqual({ settings: { dsn: 'override 1' }, db: { dsn: 'override 1' } })
    expect(calls).toBe(1)
  })

  it('takes an override set after the first request, and a replacement override of the same dependency', async () => {
    const app = await buildApp()
    const { getSettings, currentUser } = userChain()
    app.api.get('/me', { deps: { user: currentUser } }, ({ deps }) => deps.user.db)

    expect((await app.inject('/me')).json()).toBe('postgres://production')
    app.dependencyOverrides.set(getSettings, () => ({ dsn: 'first' }))
    expect((await app.inject('/me')).json()).toBe('first')
    app.dependencyOverrides.set(getSettings, () => ({ dsn: 'second' }))
    expect((await app.inject('/me')).json()).toBe('second')
  })

  it('overrides the deps of a plain Fastify route too', async () => {
    const app = await buildApp()
    const { getSettings, currentUser } = userChain()
    app.get('/plain', { deps: { user: currentUser } }, async (request) => request.deps)
    app.dependencyOverrides.set(getSettings, () => ({ dsn: 'plain override' }))

    expect((await app.inject('/plain')).json()).toEqual({ user: { name: 'Rick', db: 'plain override' } })
  })

  it('throws from set, naming the route, when an override makes a cycle; the previous state stays', async () => {
    const app = await buildApp()
    const { getDb, currentUser } = userChain()
    app.api.get('/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
    await app.ready()
    const loopingDb = Depends({ deps: { get user () { return currentUser } } }, function loopingDb ({ deps }) {
      return { dsn: String(deps.user) }
    })

    expect(() => app.dependencyOverrides.set(getDb, loopingDb)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_CYCLE',
      message: expect.stringContaining('route GET /me: currentUser -> loopingDb -> currentUser'),
    }))
    expect(app.dependencyOverrides.has(getDb)).toBe(false)
    expect((await app.inject('/me')).json()).toEqual({ name: 'Rick', db: 'postgres://production' })
  })
})
