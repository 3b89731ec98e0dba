import { describe, expect, it } from 'vitest'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { recordRoutes } from './helpers/routes.js'

// FastAPI's include_router: a route is deprecated if any level above it says so
// (`deprecated or route.deprecated`), and in the schema only if every level includes it.
function levels () {
  const items = new APIRouter({ prefix: '/items' })
  items.get('/', () => ['plumbus'])
  items.get('/old', { deprecated: true }, () => 'old')
  items.get('/secret', { includeInSchema: false }, () => 'secret')
  return items
}

describe('deprecated and includeInSchema along nested routers', () => {
  it('deprecates every route below a deprecated level, at any depth, and no route beside it', async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const items = levels()
    const internal = new APIRouter({ prefix: '/internal' })
      .includeRouter(items, { prefix: '/legacy', deprecated: true })
      .includeRouter(items, { prefix: '/current' })
    await app.register(new APIRouter({ prefix: '/api' }).includeRouter(internal))
    await app.ready()

    const deprecated = [...routes.values()].map((route) => [route.url, route.options.deprecated ?? false, route.schema.deprecated ?? false])
    expect(deprecated).toEqual([
      ['/api/internal/legacy/items/', true, true],
      ['/api/internal/legacy/items/old', true, true],
      ['/api/internal/legacy/items/secret', true, true],
      ['/api/internal/current/items/', false, false],
      ['/api/internal/current/items/old', true, true],
      ['/api/internal/current/items/secret', false, false],
    ])
  })

  it('deprecates from each of the levels: app.register, a router, an inclusion', async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    await app.register(new APIRouter({ prefix: '/registered' }).includeRouter(levels()), { deprecated: true })
    await app.register(new APIRouter({ prefix: '/router', deprecated: true }).includeRouter(levels()))
    await app.register(new APIRouter({ prefix: '/included' }).includeRouter(levels(), { deprecated: true }))
    await app.register(new APIRouter({ prefix: '/inner' }).includeRouter(new APIRouter({ deprecated: true }).includeRouter(levels())))
    await app.ready()

    for (const prefix of ['/registered', '/router', '/included', '/inner']) {
      expect(routes.get(`GET ${prefix}/items/`)?.options.deprecated, prefix).toBe(true)
    }
  })

  it('does not let a route undo the deprecation of a level above it', async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const items = new APIRouter({ prefix: '/items', deprecated: true })
    items.get('/', { deprecated: false }, () => [])
    await app.register(items)
    await app.ready()

    expect(routes.get('GET /items/')?.options.deprecated).toBe(true)
    expect(routes.get('GET /items/')?.schema.deprecated).toBe(true)
  })

  it('hides every route below a level with includeInSchema: false, even one that asks to be included', async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const items = new APIRouter({ prefix: '/items' })
    items.get('/', { includeInSchema: true }, () => [])
    const internal = new APIRouter({ prefix: '/internal' })
      .includeRouter(items, { prefix: '/hidden', includeInSchema: false })
      .includeRouter(items, { prefix: '/shown' })
    await app.register(new APIRouter({ prefix: '/api' }).includeRouter(internal))
    await app.ready()

    const hidden = routes.get('GET /api/internal/hidden/items/')
    expect(hidden?.options.includeInSchema).toBe(false)
    expect(hidden?.schema.hide).toBe(true)
    const shown = routes.get('GET /api/internal/shown/items/')
    expect(shown?.options.includeInSchema).toBe(true)
    expect(shown?.schema.hide).toBeUndefined()
  })

  it('hides from each of the levels: app.register, a router, an inclusion, the route', async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    await app.register(new APIRouter({ prefix: '/registered' }).includeRouter(levels()), { includeInSchema: false })
    await app.register(new APIRouter({ prefix: '/router', includeInSchema: false }).includeRouter(levels()))
    await app.register(new APIRouter({ prefix: '/included' }).includeRouter(levels(), { includeInSchema: false }))
    await app.register(new APIRouter({ prefix: '/visible' }).includeRouter(levels()))
    await app.ready()

    for (const prefix of ['/registered', '/router', '/included']) {
      expect(routes.get(`GET ${prefix}/items/`)?.schema.hide, prefix).toBe(true)
    }
    expect(routes.get('GET /visible/items/')?.schema.hide).toBeUndefined()
    expect(routes.get('GET /visible/items/secret')?.schema.hide).toBe(true)
  })

  it('still serves deprecated and hidden routes', async () => {
    const app = await buildApp()
    await app.register(new APIRouter({ prefix: '/api', deprecated: true, includeInSchema: false }).includeRouter(levels()))

    const res = await app.inject('/api/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(['plumbus'])
    expect(res.headers.deprecation).toBeUndefined()
  })

  it('refuses deprecated or includeInSchema values that are not booleans', () => {
    // @ts-expect-error  deprecated is true or false
    expect(() => new APIRouter({ deprecated: 'yes' })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "APIRouter: option 'deprecated' must be true or false; got string 'yes'",
    }))
    // @ts-expect-error  includeInSchema is true or false
    expect(() => new APIRouter().includeRouter(new APIRouter(), { includeInSchema: 0 })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "includeRouter: option 'includeInSchema' must be true or false; got number 0",
    }))
  })
})
