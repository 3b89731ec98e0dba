import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, versioned } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { recordRoutes } from './helpers/routes.js'

// Two versions of one API: the users router did not change and is shared, items changed.
function api () {
  const users = new APIRouter({ prefix: '/users', tags: ['users'] })
  users.get('/me', ({ request }) => ({ username: 'fakecurrentuser', url: request.url }))
  const itemsV1 = new APIRouter({ prefix: '/items', tags: ['items'] })
  itemsV1.get('/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => ({ name: params.item_id }))
  const itemsV2 = new APIRouter({ prefix: '/items', tags: ['items'] })
  itemsV2.get('/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => ({ id: params.item_id, name: 'Plumbus' }))
  return { users, itemsV1, itemsV2 }
}

const V1_DEPRECATION = { since: '2026-06-01', sunset: '2027-01-01', successor: 'v2' }

describe('versioned APIs: mounting', () => {
  it('serves a shared router under both versions, and each version its own items', async () => {
    const { users, itemsV1, itemsV2 } = api()
    const app = await buildApp()
    await app.register(versioned({ v1: [users, itemsV1], v2: [users, itemsV2] }))

    for (const version of ['v1', 'v2']) {
      const me = await app.inject(`/${version}/users/me`)
      expect(me.statusCode, me.body).toBe(200)
      expect(me.json()).toEqual({ username: 'fakecurrentuser', url: `/${version}/users/me` })
    }
    const v1 = await app.inject('/v1/items/plumbus')
    expect(v1.statusCode, v1.body).toBe(200)
    expect(v1.json()).toEqual({ name: 'plumbus' })
    const v2 = await app.inject('/v2/items/3')
    expect(v2.statusCode, v2.body).toBe(200)
    expect(v2.json()).toEqual({ id: 3, name: 'Plumbus' })
    const v2Old = await app.inject('/v2/items/plumbus')
    expect(v2Old.statusCode, v2Old.body).toBe(422)
    expect(v2Old.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'plumbus' }],
    })
  })

  it('serves nothing outside the version prefixes', async () => {
    const { users, itemsV2 } = api()
    const app = await buildApp()
    await app.register(versioned({ v2: [users, itemsV2] }))

    const res = await app.inject('/users/me')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })

  it('takes a version as one router, an array of routers, or { routers, deprecated }', async () => {
    const { users, itemsV1, itemsV2 } = api()
    const app = await buildApp()
    await app.register(versioned({ v1: { routers: users, deprecated: V1_DEPRECATION }, v2: itemsV2, v3: [itemsV1] }))

    const v1 = await app.inject('/v1/users/me')
    expect(v1.statusCode, v1.body).toBe(200)
    const v2 = await app.inject('/v2/items/1')
    expect(v2.statusCode, v2.body).toBe(200)
    const v3 = await app.inject('/v3/items/one')
    expect(v3.statusCode, v3.body).toBe(200)
  })

  it("deprecates the routes of a deprecated version in the docs, the shared router's too, and not the current version's", async () => {
    const { users, itemsV1, itemsV2 } = api()
    const app = await buildApp()
    const routes = recordRoutes(app)
    await app.register(versioned({ v1: { routers: [users, itemsV1], deprecated: V1_DEPRECATION }, v2: [users, itemsV2] }))
    await app.ready()

    const flags = [...routes.values()].map((route) => [route.url, route.options.deprecated ?? false, route.schema.deprecated ?? false])
    expect(flags).toEqual([
      ['/v1/users/me', true, true],
      ['/v1/items/:item_id', true, true],
      ['/v2/users/me', false, false],
      ['/v2/items/:item_id', false, false],
    ])
    expect(routes.get('GET /v1/items/:item_id')?.options.tags).toEqual(['items'])
  })

  it('mounts the versions under the prefix the plugin is registered with', async () => {
    const { users, itemsV2 } = api()
    const app = await buildApp()
    await app.register(versioned({ v2: [users, itemsV2] }), { prefix: '/api' })

    const res = await app.inject('/api/v2/users/me')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'fakecurrentuser', url: '/api/v2/users/me' })
  })
})
