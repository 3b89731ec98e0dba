import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { Depends, fastapi, fastapiDepends, fastapiDocs, fastapiErrors, fastapiRouting } from 'fastify-fastapi'

const getDb = Depends(function getDb () { return { items: [] } })

function plainApp () {
  const app = Fastify()
  onTestFinished(() => app.close())
  return app
}

const MISSING = 'Route GET /items uses dependencies and needs the depends (fastify-fastapi/depends, or the fastapi preset) plugin: register it first, in the same scope or a parent.'

describe('deps on a route where the depends plugin is missing', () => {
  it('refuses deps on a plain Fastify route of an app with only the errors plugin, and takes the routes without', async () => {
    const app = plainApp()
    await app.register(fastapiErrors)
    expect(() => app.get('/items', { deps: { db: getDb } }, async () => [])).toThrow(expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING', message: MISSING }))
    app.get('/things', async () => [])

    const res = await app.inject('/things')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([])
  })

  it('refuses side-effect dependencies on a plain route when the preset runs with depends: false', async () => {
    const app = plainApp()
    await app.register(fastapi, { depends: false })
    expect(() => app.get('/items', { dependencies: [getDb] }, async () => [])).toThrow(expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING', message: MISSING }))
  })

  it('refuses deps on a plain route whose scope is a sibling of the one with the depends plugin, and takes them in its child', async () => {
    const app = plainApp()
    await app.register(fastapiDocs)
    await app.register(async (users) => {
      await users.register(fastapiDepends)
      await users.register(async (child) => { child.get('/users', { deps: { db: getDb } }, async (request) => request.deps) })
    })
    await app.register(async (items) => {
      expect(() => items.get('/items', { deps: { db: getDb } }, async () => [])).toThrow(expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING', message: MISSING }))
    })

    const res = await app.inject('/users')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ db: { items: [] } })
  })

  it('refuses deps on an app.api route, as on a plain one', async () => {
    const app = plainApp()
    await app.register(fastapiRouting)
    expect(() => app.api.get('/items', { deps: { db: getDb } }, () => [])).toThrow(expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING', message: MISSING }))
  })
})
