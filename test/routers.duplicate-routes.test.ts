import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { APIRouter, fastapi } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A route declared twice would make Fastify's router throw at the second without saying which
// of the user's lines clash: the message names both declarations, as "file:line:column".
const SOURCE = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n')

// Where the call on the line marked `// <marker>` is: V8 points at the method's name.
function siteOf (marker: string): string {
  const index = SOURCE.findIndex((line) => line.endsWith(`// ${marker}`))
  const line = SOURCE[index] ?? ''
  const method = /\.(get|post|put)\(/.exec(line)
  if (index < 0 || method === null) throw new Error(`no route call marked ${marker}`)
  return `test/routers.duplicate-routes.test.ts:${index + 1}:${method.index + 2}`
}

const UserId = z.object({ user_id: z.string() })
const ItemId = z.object({ item_id: z.string() })

function duplicateMessage (route: string, first: string, second: string): string {
  return `Route ${route} is declared twice: at ${first} and at ${second}. Remove one, or change its method or path (a router included twice needs two prefixes).`
}

describe('duplicate routes', () => {
  it('refuses one router registered twice under one prefix, naming its one declaration', async () => {
    const app = await buildApp()
    const items = new APIRouter({ prefix: '/items' })
    items.get('/', () => []) // items list
    await app.register(items)

    await expect(app.register(items)).rejects.toMatchObject({
      code: 'FFA_ERR_ROUTE_DUPLICATE',
      message: duplicateMessage('GET /items/', siteOf('items list'), 'that same line again (its router is registered twice under one prefix, or one function declared it for two routers that share a path)'),
    })
  })

  it('refuses two routers declaring the same method and path, naming both declarations', async () => {
    const app = await buildApp()
    const users = new APIRouter({ prefix: '/users' })
    users.get('/{user_id}', { params: UserId }, ({ params }) => params) // users: one user
    const admin = new APIRouter({ prefix: '/users' })
    admin.get('/{user_id}', { params: UserId }, ({ params }) => ({ ...params, admin: true })) // admin: one user
    await app.register(users)

    await expect(app.register(admin)).rejects.toMatchObject({
      code: 'FFA_ERR_ROUTE_DUPLICATE',
      message: duplicateMessage('GET /users/:user_id', siteOf('users: one user'), siteOf('admin: one user')),
    })
  })

  it('refuses the same path reached through nested prefixes and a register prefix', async () => {
    const app = await buildApp()
    const items = new APIRouter({ prefix: '/items' })
    items.put('/{item_id}', { params: ItemId }, () => null) // nested put
    const flat = new APIRouter({ prefix: '/v1/api/items' })
    flat.put('/{item_id}', { params: ItemId }, () => null) // flat put
    await app.register(new APIRouter({ prefix: '/api' }).includeRouter(items), { prefix: '/v1' })

    await expect(app.register(flat)).rejects.toMatchObject({
      code: 'FFA_ERR_ROUTE_DUPLICATE',
      message: duplicateMessage('PUT /v1/api/items/:item_id', siteOf('nested put'), siteOf('flat put')),
    })
  })

  it('refuses a router included twice in another under one prefix', async () => {
    const app = await buildApp()
    const items = new APIRouter({ prefix: '/items' })
    items.post('/', () => ({ created: true })) // create item
    const api = new APIRouter({ prefix: '/api' }).includeRouter(items).includeRouter(items)

    await expect(app.register(api)).rejects.toMatchObject({
      code: 'FFA_ERR_ROUTE_DUPLICATE',
      message: duplicateMessage('POST /api/items/', siteOf('create item'), 'that same line again (its router is registered twice under one prefix, or one function declared it for two routers that share a path)'),
    })
  })

  it("refuses a router's route that app.api already declared, in sibling scopes too", async () => {
    const app = await buildApp()
    app.api.get('/health', () => ({ ok: true })) // app health
    const health = new APIRouter()
    health.get('/health', () => ({ ok: true })) // router health
    await expect(app.register(async (scope) => { await scope.register(health) })).rejects.toMatchObject({
      code: 'FFA_ERR_ROUTE_DUPLICATE',
      message: duplicateMessage('GET /health', siteOf('app health'), siteOf('router health')),
    })
  })

  it('accepts the same path with another method, and the same router in two apps', async () => {
    const items = new APIRouter({ prefix: '/items' })
    items.get('/', () => ['plumbus'])
    items.post('/', { status: 201 }, () => ({ created: true }))
    for (let i = 0; i < 2; i++) {
      const app = Fastify()
      onTestFinished(() => app.close())
      await app.register(fastapi)
      await app.register(items)

      const list = await app.inject('/items/')
      expect(list.statusCode, list.body).toBe(200)
      expect(list.json()).toEqual(['plumbus'])
      const created = await app.inject({ method: 'POST', url: '/items/' })
      expect(created.statusCode, created.body).toBe(201)
    }
  })
})
