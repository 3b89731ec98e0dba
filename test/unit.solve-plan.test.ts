import { describe, expect, it } from 'vitest'
import { Depends } from 'fastify-fastapi'
import { compilePlan } from '../src/depends/compile-plan.js'
import { solvePlan } from '../src/depends/solve.js'

const context = { request: undefined, reply: undefined, errors: [], cleanup: null, appValues: undefined }

describe('solvePlan', () => {
  const getSettings = Depends(function getSettings () { return { dsn: 'postgres://shop' } })
  const getDb = Depends({ deps: { settings: getSettings } }, function getDb ({ deps }) { return { dsn: deps.settings.dsn } })

  it('solves sync dependencies without a promise: nothing is awaited that need not be', () => {
    const plan = compilePlan({ owner: 'route GET /items', dependencies: [], deps: { db: getDb } })
    expect(solvePlan(plan, context)).toEqual([{ dsn: 'postgres://shop' }, { dsn: 'postgres://shop' }])
  })

  it('returns a promise from the first dependency that returns one, and solves the rest after it', async () => {
    const currentUser = Depends({ deps: { db: getDb } }, async function currentUser ({ deps }) { return { name: 'Rick', db: deps.db.dsn } })
    const plan = compilePlan({ owner: 'route GET /me', dependencies: [], deps: { user: currentUser, db: getDb } })
    const solved = solvePlan(plan, context)
    expect(solved).toBeInstanceOf(Promise)
    expect(await solved).toEqual([{ dsn: 'postgres://shop' }, { dsn: 'postgres://shop' }, { name: 'Rick', db: 'postgres://shop' }])
  })
})

// The depends plugin makes every app-scoped dependency a route uses at startup, and makes one
// an override brings before the request that first needs it: solving a plan never creates one.
describe('solvePlan and app-scoped dependencies', () => {
  const getPool = Depends({ scope: 'app' }, function getPool () { return { size: 10 } })
  const plan = compilePlan({ owner: 'route GET /items', dependencies: [], deps: { pool: getPool } })

  it('reads the value the app made', () => {
    const made = { size: 3 }
    expect(solvePlan(plan, { ...context, appValues: new Map([[getPool.definition, made]]) })).toEqual([made])
  })

  it('refuses one the app never made, rather than make it for one request, telling how to start it', () => {
    expect(() => solvePlan(plan, { ...context, appValues: new Map() })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_SCOPE',
      message: 'dependency getPool: an app-scoped dependency is created when the app starts: register the depends plugin (or the fastapi preset) and let the app start (await app.ready()) before using it.',
    }))
  })
})
