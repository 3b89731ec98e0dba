import { describe, expect, it } from 'vitest'
import { Depends } from 'fastify-fastapi'
import { compilePlan } from '../src/depends/compile-plan.js'
import { solvePlan } from '../src/depends/solve.js'

// The depends plugin makes every app-scoped dependency a route uses at startup, and makes one
// an override brings before the request that first needs it: solving a plan never creates one.
describe('solvePlan and app-scoped dependencies', () => {
  const getPool = Depends({ scope: 'app' }, function getPool () { return { size: 10 } })
  const plan = compilePlan({ owner: 'route GET /items', dependencies: [], deps: { pool: getPool } })
  const context = { request: undefined, reply: undefined, errors: [], cleanup: null }

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
