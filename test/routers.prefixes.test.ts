import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { recordRoutes } from './helpers/routes.js'

// FastAPI's "Bigger Applications": an items router inside an internal router inside an API
// router, each adding a prefix, plus the prefixes of the inclusions and of `app.register`.
function itemsRouter (): APIRouter {
  const items = new APIRouter({ prefix: '/items' })
  items.get('/', () => ['plumbus', 'gun'])
  items.get('/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => ({ item_id: params.item_id }))
  return items
}

describe('router prefixes', () => {
  it("concatenates the prefixes of three nested routers, their inclusions and app.register's", async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const internal = new APIRouter({ prefix: '/internal' }).includeRouter(itemsRouter(), { prefix: '/shop' })
    const api = new APIRouter({ prefix: '/api' }).includeRouter(internal, { prefix: '/admin' })
    await app.register(api, { prefix: '/v1' })

    const one = await app.inject('/v1/api/admin/internal/shop/items/plumbus')
    expect(one.statusCode, one.body).toBe(200)
    expect(one.json()).toEqual({ item_id: 'plumbus' })
    const list = await app.inject('/v1/api/admin/internal/shop/items/')
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json()).toEqual(['plumbus', 'gun'])
    expect([...routes.keys()]).toEqual([
      'GET /v1/api/admin/internal/shop/items/',
      'GET /v1/api/admin/internal/shop/items/:item_id',
    ])
  })

  it("serves nothing at the paths that skip a level's prefix", async () => {
    const app = await buildApp()
    const internal = new APIRouter({ prefix: '/internal' }).includeRouter(itemsRouter(), { prefix: '/shop' })
    await app.register(new APIRouter({ prefix: '/api' }).includeRouter(internal))

    for (const url of ['/items/plumbus', '/api/items/plumbus', '/api/internal/items/plumbus', '/internal/shop/items/plumbus']) {
      const res = await app.inject(url)
      expect(res.statusCode, `${url}: ${res.body}`).toBe(404)
      expect(res.json()).toEqual({ detail: 'Not Found' })
    }
    const res = await app.inject('/api/internal/shop/items/plumbus')
    expect(res.statusCode, res.body).toBe(200)
  })

  it("adds the routes of the routers included in a router, and its own, under its prefix", async () => {
    const app = await buildApp()
    const users = new APIRouter({ prefix: '/users' })
    users.get('/me', () => ({ username: 'fakecurrentuser' }))
    const api = new APIRouter({ prefix: '/api' })
    api.get('/health', () => ({ ok: true }))
    api.includeRouter(users).includeRouter(itemsRouter())
    await app.register(api)

    const me = await app.inject('/api/users/me')
    expect(me.statusCode, me.body).toBe(200)
    expect(me.json()).toEqual({ username: 'fakecurrentuser' })
    const item = await app.inject('/api/items/gun')
    expect(item.statusCode, item.body).toBe(200)
    expect(item.json()).toEqual({ item_id: 'gun' })
    const health = await app.inject('/api/health')
    expect(health.statusCode, health.body).toBe(200)
    expect(health.json()).toEqual({ ok: true })
  })

  it('includes a router without a prefix of its own at the prefix of its inclusion', async () => {
    const app = await buildApp()
    const admin = new APIRouter()
    admin.post('/reset', { status: 202 }, () => ({ reset: true }))
    await app.register(new APIRouter({ prefix: '/api' }).includeRouter(admin, { prefix: '/admin' }))

    const res = await app.inject({ method: 'POST', url: '/api/admin/reset' })
    expect(res.statusCode, res.body).toBe(202)
    expect(res.json()).toEqual({ reset: true })
  })

  it("mounts a router with app.api.includeRouter as app.register does, in the scope it is called in", async () => {
    const app = await buildApp()
    await app.register(async (scope) => {
      scope.api.includeRouter(itemsRouter(), { prefix: '/shop' })
    }, { prefix: '/v2' })

    const res = await app.inject('/v2/shop/items/gun')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_id: 'gun' })
    const outside = await app.inject('/shop/items/gun')
    expect(outside.statusCode, outside.body).toBe(404)
  })

  it('reads path params declared in a prefix', async () => {
    const app = await buildApp()
    const posts = new APIRouter({ prefix: '/users/{user_id}/posts' })
    posts.get('/{post_id}', { params: z.object({ user_id: z.number().int(), post_id: z.number().int() }) }, ({ params }) => params)
    await app.register(new APIRouter({ prefix: '/api' }).includeRouter(posts))

    const res = await app.inject('/api/users/3/posts/14')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ user_id: 3, post_id: 14 })
  })
})
