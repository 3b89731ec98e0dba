import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { recordRoutes } from './helpers/routes.js'

// FastAPI: "You can also use .include_router() multiple times with the same router using
// different prefixes", for example to expose one API under /api/v1 and /api/latest.
function itemsRouter (calls: string[] = []): APIRouter {
  const items = new APIRouter({ prefix: '/items', tags: ['items'] })
  items.get('/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params, request }) => {
    calls.push(request.url)
    return { item_id: params.item_id }
  })
  return items
}

describe('a router included twice', () => {
  it('serves the same routes under both prefixes of a parent router', async () => {
    const calls: string[] = []
    const app = await buildApp()
    const items = itemsRouter(calls)
    await app.register(new APIRouter({ prefix: '/api' })
      .includeRouter(items, { prefix: '/v1' })
      .includeRouter(items, { prefix: '/latest' }))

    const v1 = await app.inject('/api/v1/items/3')
    expect(v1.statusCode, v1.body).toBe(200)
    expect(v1.json()).toEqual({ item_id: 3 })
    const latest = await app.inject('/api/latest/items/4')
    expect(latest.statusCode, latest.body).toBe(200)
    expect(latest.json()).toEqual({ item_id: 4 })
    expect(calls).toEqual(['/api/v1/items/3', '/api/latest/items/4'])
  })

  it('serves the same routes under two register prefixes', async () => {
    const app = await buildApp()
    const items = itemsRouter()
    await app.register(items, { prefix: '/v1' })
    app.api.includeRouter(items, { prefix: '/latest' })

    const v1 = await app.inject('/v1/items/3')
    expect(v1.statusCode, v1.body).toBe(200)
    expect(v1.json()).toEqual({ item_id: 3 })
    const latest = await app.inject('/latest/items/3')
    expect(latest.statusCode, latest.body).toBe(200)
    expect(latest.json()).toEqual({ item_id: 3 })
  })

  it('validates the params of both copies the same way', async () => {
    const app = await buildApp()
    const items = itemsRouter()
    await app.register(new APIRouter().includeRouter(items, { prefix: '/a' }).includeRouter(items, { prefix: '/b' }))

    for (const prefix of ['/a', '/b']) {
      const res = await app.inject(`${prefix}/items/foo`)
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({
        detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
      })
    }
  })

  it("gives each copy the tags of its own inclusion only", async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const items = itemsRouter()
    await app.register(new APIRouter()
      .includeRouter(items, { prefix: '/admin', tags: ['admin'] })
      .includeRouter(items, { prefix: '/public' }))
    await app.ready()

    expect(routes.get('GET /admin/items/:item_id')?.options.tags).toEqual(['admin', 'items'])
    expect(routes.get('GET /public/items/:item_id')?.options.tags).toEqual(['items'])
  })

  it('runs the dependencies of one inclusion for its copy only', async () => {
    const events: string[] = []
    const adminOnly = Depends({ name: 'adminOnly' }, () => { events.push('admin only') })
    const items = new APIRouter({ prefix: '/items' })
    items.get('/', () => { events.push('handler'); return [] })
    const app = await buildApp()
    await app.register(items, { prefix: '/admin', dependencies: [adminOnly] })
    await app.register(items, { prefix: '/public' })

    const open = await app.inject('/public/items/')
    expect(open.statusCode, open.body).toBe(200)
    expect(events).toEqual(['handler'])
    const admin = await app.inject('/admin/items/')
    expect(admin.statusCode, admin.body).toBe(200)
    expect(events).toEqual(['handler', 'admin only', 'handler'])
  })

  it('serves a router reached through two parents (a diamond) under both', async () => {
    const app = await buildApp()
    const items = itemsRouter()
    const shop = new APIRouter({ prefix: '/shop' }).includeRouter(items)
    const admin = new APIRouter({ prefix: '/admin' }).includeRouter(items)
    await app.register(new APIRouter({ prefix: '/api' }).includeRouter(shop).includeRouter(admin))

    const shopItem = await app.inject('/api/shop/items/1')
    expect(shopItem.statusCode, shopItem.body).toBe(200)
    expect(shopItem.json()).toEqual({ item_id: 1 })
    const adminItem = await app.inject('/api/admin/items/2')
    expect(adminItem.statusCode, adminItem.body).toBe(200)
    expect(adminItem.json()).toEqual({ item_id: 2 })
  })
})
