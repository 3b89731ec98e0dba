import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { recordRoutes } from './helpers/routes.js'

// FastAPI's order: the app's dependencies, then each inclusion's and each router's from the
// outermost in, then the route's own; tags the same way, without the app's.
function recording (events: string[], name: string) {
  return Depends({ name }, () => { events.push(name) })
}

// Three levels: api > internal > items, each included with its own tags and dependencies.
function threeLevels (events: string[]) {
  const items = new APIRouter({ prefix: '/items', tags: ['items'], dependencies: [recording(events, 'items router')] })
  items.get('/{item_id}', { params: z.object({ item_id: z.string() }), tags: ['custom'], dependencies: [recording(events, 'route')] },
    ({ params }) => { events.push('handler'); return { item_id: params.item_id } })
  const internal = new APIRouter({ prefix: '/internal', tags: ['internal'], dependencies: [recording(events, 'internal router')] })
  internal.includeRouter(items, { tags: ['include items'], dependencies: [recording(events, 'include items')] })
  const api = new APIRouter({ prefix: '/api', tags: ['api'], dependencies: [recording(events, 'api router')] })
  api.includeRouter(internal, { tags: ['include internal'], dependencies: [recording(events, 'include internal')] })
  return api
}

describe('tags and dependencies along nested routers', () => {
  it('runs the dependencies of every level outermost first, then the handler', async () => {
    const events: string[] = []
    const app = await buildApp({ depends: { dependencies: [recording(events, 'app')] } })
    await app.register(threeLevels(events), { dependencies: [recording(events, 'register')] })

    const res = await app.inject('/api/internal/items/plumbus')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_id: 'plumbus' })
    expect(events).toEqual([
      'app', 'register', 'api router', 'include internal', 'internal router', 'include items', 'items router', 'route', 'handler',
    ])
  })

  it("gives a route the tags of every level outermost first, then its own", async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    await app.register(threeLevels([]), { tags: ['register'] })
    await app.ready()

    const tags = ['register', 'api', 'include internal', 'internal', 'include items', 'items', 'custom']
    const route = routes.get('GET /api/internal/items/:item_id')
    expect(route?.options.tags).toEqual(tags)
    expect(route?.schema.tags).toEqual(tags)
  })

  it('leaves a route without tags when no level has any', async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const inner = new APIRouter({ prefix: '/inner' })
    inner.get('/', () => 'ok')
    await app.register(new APIRouter({ prefix: '/outer' }).includeRouter(inner))
    await app.ready()

    expect(routes.get('GET /outer/inner/')?.options.tags).toBeUndefined()
    expect(routes.get('GET /outer/inner/')?.schema.tags).toBeUndefined()
  })

  it("stops at the first level's dependency that raises, before the inner levels and the handler", async () => {
    const events: string[] = []
    const verifyToken = Depends({ headers: z.object({ x_token: z.string() }) }, ({ headers }) => {
      events.push('verify token')
      if (headers.x_token !== 'fake-super-secret-token') throw new HTTPException(400, 'X-Token header invalid')
    })
    const app = await buildApp()
    await app.register(threeLevels(events), { dependencies: [verifyToken] })

    const res = await app.inject({ url: '/api/internal/items/plumbus', headers: { 'x-token': 'wrong' } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'X-Token header invalid' })
    expect(events).toEqual(['verify token'])
  })

  it('reports the missing params of the dependencies of every level in one 422', async () => {
    const outer = Depends({ headers: z.object({ x_token: z.string() }) }, () => undefined)
    const inner = Depends({ query: z.object({ key: z.string() }) }, () => undefined)
    const items = new APIRouter({ prefix: '/items', dependencies: [inner] })
    items.get('/', () => [])
    const app = await buildApp()
    await app.register(new APIRouter({ prefix: '/api', dependencies: [outer] }).includeRouter(items))

    const res = await app.inject('/api/items/')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['query', 'key'], msg: 'Field required', input: null },
      ],
    })
  })

  it('runs a dependency declared at two levels once per request', async () => {
    const events: string[] = []
    const audit = recording(events, 'audit')
    const items = new APIRouter({ prefix: '/items', dependencies: [audit] })
    items.get('/', { dependencies: [audit] }, () => { events.push('handler'); return [] })
    const app = await buildApp()
    await app.register(new APIRouter({ prefix: '/api', dependencies: [audit] }).includeRouter(items))

    const res = await app.inject('/api/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(events).toEqual(['audit', 'handler'])
  })
})
