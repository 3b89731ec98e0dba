import type { FastifyContextConfig, FastifyInstance, RouteOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "Bigger Applications" tutorial: a router for items, with its prefix and tags.
function itemsRouter (): APIRouter {
  const router = new APIRouter({ prefix: '/items', tags: ['items'] })
  router.get('/', () => ({ plumbus: { name: 'Plumbus' }, gun: { name: 'Portal Gun' } }))
  router.get('/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => ({ name: 'Fake Specific Item', item_id: params.item_id }))
  router.put('/{item_id}', { params: z.object({ item_id: z.string() }), tags: ['custom'] },
    ({ params }) => ({ item_id: params.item_id, name: 'The great Plumbus' }))
  return router
}

function recordRoutes (app: FastifyInstance): RouteOptions[] {
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => { routes.push(route) })
  return routes
}

describe('APIRouter', () => {
  it("serves its routes under its prefix once registered (app.include_router)", async () => {
    const app = await buildApp()
    await app.register(itemsRouter())

    const list = await app.inject('/items/')
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json()).toEqual({ plumbus: { name: 'Plumbus' }, gun: { name: 'Portal Gun' } })

    const one = await app.inject('/items/plumbus')
    expect(one.statusCode, one.body).toBe(200)
    expect(one.json()).toEqual({ name: 'Fake Specific Item', item_id: 'plumbus' })

    const put = await app.inject({ method: 'PUT', url: '/items/plumbus' })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json()).toEqual({ item_id: 'plumbus', name: 'The great Plumbus' })
  })

  it("gives every route the router's tags, before the route's own", async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    await app.register(itemsRouter())
    await app.ready()

    const tags = routes.filter((route) => route.method !== 'HEAD')
      .map((route) => [route.method, route.url, route.schema?.tags])
    expect(tags).toEqual([
      ['GET', '/items/', ['items']],
      ['GET', '/items/:item_id', ['items']],
      ['PUT', '/items/:item_id', ['items', 'custom']],
    ])
  })

  it('serves the same router at its own path and under a register prefix, both at once', async () => {
    const app = await buildApp()
    const router = itemsRouter()
    await app.register(router)
    await app.register(router, { prefix: '/v2' })

    const v1 = await app.inject('/items/foo')
    expect(v1.statusCode, v1.body).toBe(200)
    expect(v1.json()).toEqual({ name: 'Fake Specific Item', item_id: 'foo' })

    const v2 = await app.inject('/v2/items/foo')
    expect(v2.statusCode, v2.body).toBe(200)
    expect(v2.json()).toEqual({ name: 'Fake Specific Item', item_id: 'foo' })
  })

  it('serves routes declared after it was created but before it was registered', async () => {
    const app = await buildApp()
    const router = new APIRouter({ prefix: '/users' })
    await app.register(router.get('/me', () => ({ username: 'fakecurrentuser' })))

    const res = await app.inject('/users/me')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'fakecurrentuser' })
  })

  it('works without a prefix', async () => {
    const app = await buildApp()
    const router = new APIRouter()
    router.get('/health', () => ({ ok: true }))
    await app.register(router)

    const res = await app.inject('/health')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })
  })

  it('is a Fastify plugin: a hook of the plugin that registers it applies to its routes only', async () => {
    const app = await buildApp()
    await app.register(async function admin (scope) {
      scope.addHook('onRequest', async (_request, reply) => { reply.header('x-admin', 'yes') })
      await scope.register(itemsRouter())
    })
    app.api.get('/public', () => ({ public: true }))

    const inside = await app.inject('/items/')
    expect(inside.statusCode, inside.body).toBe(200)
    expect(inside.headers['x-admin']).toBe('yes')

    const outside = await app.inject('/public')
    expect(outside.statusCode, outside.body).toBe(200)
    expect(outside.headers['x-admin']).toBeUndefined()
  })

  it("keeps a hook added by the router's own register scope inside it", async () => {
    const app = await buildApp()
    const router = itemsRouter()
    await app.register(async (scope) => {
      scope.addHook('onSend', async (_request, reply, payload) => {
        reply.header('x-scope', 'v2')
        return payload
      })
      await scope.register(router, { prefix: '/v2' })
    })
    await app.register(router)

    expect((await app.inject('/v2/items/')).headers['x-scope']).toBe('v2')
    expect((await app.inject('/items/')).headers['x-scope']).toBeUndefined()
  })

  it('refuses a prefix without a leading "/" or with a trailing "/"', () => {
    for (const prefix of ['items', '/items/']) {
      expect(() => new APIRouter({ prefix })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_OPTION_INVALID',
        message: `APIRouter: option 'prefix' must start with "/" and not end with "/" (like "/items"); got ${JSON.stringify(prefix)}`,
      }))
    }
  })

  it('refuses tags that are not an array of strings', () => {
    // @ts-expect-error  tags must be an array of strings
    expect(() => new APIRouter({ tags: 'items' })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: `APIRouter: option 'tags' must be an array of strings; got "items"`,
    }))
  })

  it('refuses a route mistake when the route is declared, before the router is registered', () => {
    const router = new APIRouter({ prefix: '/items' })

    expect(() => router.get('/{item_id}', { params: z.object({ id: z.string() }) }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_PATH_PARAM_MISMATCH',
      message: "Route GET /items/{item_id}: the path has the param 'item_id' but 'params' does not declare it: add item_id to the params schema.",
    }))
    expect(router.routes).toEqual([])
  })
})

describe('app.api', () => {
  it('registers routes in the encapsulated plugin it is used in, under its prefix', async () => {
    const app = await buildApp()
    await app.register(async (admin) => {
      admin.api.get('/stats', () => ({ users: 3 }))
    }, { prefix: '/admin' })

    const res = await app.inject('/admin/stats')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ users: 3 })

    const outside = await app.inject('/stats')
    expect(outside.statusCode, outside.body).toBe(404)
    expect(outside.json()).toEqual({ detail: 'Not Found' })
  })

  it("applies the hooks of the plugin it is used in to its routes only", async () => {
    const app = await buildApp()
    await app.register(async (scope) => {
      scope.addHook('preHandler', async (_request, reply) => { reply.header('x-scoped', '1') })
      scope.api.get('/inside', () => 'in')
    })
    app.api.get('/outside', () => 'out')

    expect((await app.inject('/inside')).headers['x-scoped']).toBe('1')
    expect((await app.inject('/outside')).headers['x-scoped']).toBeUndefined()
  })

  it('passes plain Fastify route options through (fastify: { config, onRequest })', async () => {
    const app = await buildApp()
    app.api.get('/items/', {
      fastify: {
        config: { rateLimit: 5 } as FastifyContextConfig,
        onRequest: async (_request, reply) => { reply.header('x-on-request', 'ran') },
      },
    }, ({ request }) => ({ config: (request.routeOptions.config as { rateLimit?: number }).rateLimit }))

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['x-on-request']).toBe('ran')
    expect(res.json()).toEqual({ config: 5 })
  })
})
