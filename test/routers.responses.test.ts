import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { recordRoutes } from './helpers/routes.js'

// FastAPI's "Additional Responses in OpenAPI": `responses={404: {"model": Message}}` on a
// route, merged with the router's and the inclusion's; for one status the innermost wins.
const Message = z.object({ message: z.string() })
const Item = z.object({ id: z.string(), value: z.string() })

describe('documented responses', () => {
  it("merges the route's responses with its router's: the route's 404 wins, the router's 401 stays", async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const items = new APIRouter({
      prefix: '/items',
      responses: { 404: { description: 'Not found' }, 401: { description: 'Not authenticated', headers: { 'WWW-Authenticate': { description: 'Bearer' } } } },
    })
    items.get('/{item_id}', {
      params: z.object({ item_id: z.string() }),
      response: Item,
      responses: { 404: { description: 'The item was not found', model: Message } },
    }, ({ params }) => ({ id: params.item_id, value: 'there goes my hero' }))
    await app.register(items)
    await app.ready()

    expect(routes.get('GET /items/:item_id')?.options.responses).toEqual({
      401: { description: 'Not authenticated', headers: { 'WWW-Authenticate': { description: 'Bearer' } } },
      404: { description: 'The item was not found', model: Message },
    })
  })

  it('merges the responses of three levels and the inclusions, the innermost winning per status', async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const items = new APIRouter({ prefix: '/items', responses: { 404: { description: 'items: not found' } } })
    items.get('/', { responses: { 418: { description: "route: I'm a teapot" } } }, () => [])
    const internal = new APIRouter({ prefix: '/internal', responses: { 403: { description: 'internal: forbidden' }, 404: { description: 'internal: not found' } } })
    internal.includeRouter(items, { responses: { 409: { description: 'include items: conflict' } } })
    const api = new APIRouter({ prefix: '/api', responses: { 401: { description: 'api: not authenticated' }, 403: { description: 'api: forbidden' } } })
    api.includeRouter(internal)
    await app.register(api, { responses: { 500: { description: 'register: server error' }, 401: { description: 'register: not authenticated' } } })
    await app.ready()

    expect(routes.get('GET /api/internal/items/')?.options.responses).toEqual({
      401: { description: 'api: not authenticated' },
      403: { description: 'internal: forbidden' },
      404: { description: 'items: not found' },
      409: { description: 'include items: conflict' },
      418: { description: "route: I'm a teapot" },
      500: { description: 'register: server error' },
    })
  })

  it("keeps a route's responses as declared when no router has any", async () => {
    const app = await buildApp()
    const routes = recordRoutes(app)
    const plain = new APIRouter({ prefix: '/plain' })
    plain.get('/none', () => 'none')
    plain.get('/own', { responses: { 404: { description: 'Not found' } } }, () => 'own')
    await app.register(plain)
    await app.ready()

    expect(routes.get('GET /plain/none')?.options.responses).toBeUndefined()
    expect(routes.get('GET /plain/own')?.options.responses).toEqual({ 404: { description: 'Not found' } })
  })

  it('documents a response without validating what is sent with that status', async () => {
    const app = await buildApp()
    const items = new APIRouter({ prefix: '/items', responses: { 404: { description: 'Not found', model: Message } } })
    items.get('/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ reply }) => reply.code(404).send({ detail: 'nothing here', extra: 1 }))
    await app.register(items)

    const res = await app.inject('/items/foo')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'nothing here', extra: 1 })
  })

  it("refuses a router's responses keyed by something other than an HTTP status", () => {
    expect(() => new APIRouter({ responses: { 99: { description: 'Too low' } } })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "APIRouter: option 'responses.99' is not an HTTP status from 100 to 599",
    }))
  })

  it("refuses a documented model that is not a zod schema", () => {
    const items = new APIRouter({ prefix: '/items' })
    // @ts-expect-error  a documented model is a zod schema
    expect(() => items.get('/', { responses: { 404: { model: { message: 'string' } } } }, () => [])).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Route GET /items/: option 'responses.404.model' must be a zod schema; got { message: 'string' }",
    }))
  })
})
