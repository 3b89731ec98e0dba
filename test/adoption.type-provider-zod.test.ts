// An existing Fastify app that validates with fastify-type-provider-zod, set up as its README
// does, adopts the errors, depends and docs plugins.
import Fastify from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, depsOf, fastapi, fastapiDepends, fastapiDocs, fastapiErrors, fastapiRouting } from 'fastify-fastapi'

const Item = z.object({ item_id: z.number().int(), q: z.string().optional() })
const ItemIn = z.object({ name: z.string(), price: z.number().gt(0), tags: z.array(z.string()).default([]) })
const pagination = Depends({ query: z.object({ skip: z.coerce.number().int().min(0).default(0) }) }, function pagination ({ query }) { return query })

async function typeProviderApp () {
  const app = Fastify()
  onTestFinished(() => app.close())
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  await app.register(fastapiErrors)
  await app.register(fastapiDepends)
  await app.register(fastapiDocs)
  return app.withTypeProvider<ZodTypeProvider>()
}

type TypeProviderApp = Awaited<ReturnType<typeof typeProviderApp>>

function itemRoutes (app: TypeProviderApp) {
  app.route({
    method: 'GET',
    url: '/items/:item_id',
    schema: {
      params: z.object({ item_id: z.coerce.number().int().gt(0) }),
      querystring: z.object({ q: z.string().min(3).optional() }),
      response: { 200: Item },
    },
    handler: async function read_item (request) {
      return { item_id: request.params.item_id, q: request.query.q }
    },
  })
  app.route({
    method: 'POST',
    url: '/items',
    schema: { body: ItemIn, response: { 201: ItemIn } },
    handler: async function create_item (request, reply) {
      return reply.code(201).send(request.body)
    },
  })
}

describe('validation errors of fastify-type-provider-zod routes', () => {
  it("answers a bad query and path with pydantic's items, as on the library's own routes", async () => {
    const app = await typeProviderApp()
    itemRoutes(app)

    const res = await app.inject('/items/0?q=ab')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'greater_than', loc: ['path', 'item_id'], msg: 'Input should be greater than 0', input: '0', ctx: { gt: 0 } },
      ],
    })
    const query = await app.inject('/items/1?q=ab')
    expect(query.statusCode, query.body).toBe(422)
    expect(query.json()).toEqual({
      detail: [
        { type: 'string_too_short', loc: ['query', 'q'], msg: 'String should have at least 3 characters', input: 'ab', ctx: { min_length: 3 } },
      ],
    })
  })

  it("answers a bad body with every item, each at its loc, missing fields with the body as input", async () => {
    const app = await typeProviderApp()
    itemRoutes(app)

    const res = await app.inject({ method: 'POST', url: '/items', payload: { price: -1, tags: ['a', 2] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { price: -1, tags: ['a', 2] } },
        { type: 'greater_than', loc: ['body', 'price'], msg: 'Input should be greater than 0', input: -1, ctx: { gt: 0 } },
        { type: 'string_type', loc: ['body', 'tags', 1], msg: 'Input should be a valid string', input: 2 },
      ],
    })
  })

  it('answers the same items as the same route declared with app.api', async () => {
    const zodApp = await typeProviderApp()
    itemRoutes(zodApp)
    const apiApp = Fastify()
    onTestFinished(() => apiApp.close())
    await apiApp.register(fastapi)
    apiApp.api.post('/items', { body: ItemIn, response: ItemIn, status: 201 }, ({ body }) => body)

    for (const payload of [{ price: -1, tags: ['a', 2] }, { name: 'x', price: 'free' }, [1]]) {
      const fromZod = await zodApp.inject({ method: 'POST', url: '/items', payload })
      const fromApi = await apiApp.inject({ method: 'POST', url: '/items', payload })
      expect(fromZod.statusCode, fromZod.body).toBe(422)
      expect(fromZod.json()).toEqual(fromApi.json())
    }
  })

  it('answers the same items for record keys with slashes or digits and for null ints', async () => {
    const Counts = z.object({ counts: z.record(z.string(), z.int()), n: z.int() })
    const zodApp = await typeProviderApp()
    zodApp.post('/counts', { schema: { body: Counts } }, async (request) => request.body)
    const apiApp = Fastify()
    onTestFinished(() => apiApp.close())
    await apiApp.register(fastapi)
    apiApp.api.post('/counts', { body: Counts }, ({ body }) => body)

    const payload = { counts: { 'a/b': 'x', 7: 'y' }, n: null }
    const fromZod = await zodApp.inject({ method: 'POST', url: '/counts', payload })
    const fromApi = await apiApp.inject({ method: 'POST', url: '/counts', payload })
    expect(fromZod.statusCode, fromZod.body).toBe(422)
    expect(fromZod.json()).toEqual(fromApi.json())
    expect(fromZod.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['body', 'counts', '7'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'y' },
        { type: 'int_parsing', loc: ['body', 'counts', 'a/b'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' },
        { type: 'int_type', loc: ['body', 'n'], msg: 'Input should be a valid integer', input: null },
      ],
    })
  })

  it('runs the dependencies of such a route, and reads them typed', async () => {
    const app = await typeProviderApp()
    const deps = { page: pagination }
    app.get('/things', { deps, schema: { querystring: z.object({ skip: z.coerce.number(), limit: z.coerce.number().max(100) }) } },
      async (request) => ({ page: depsOf(request, deps).page, limit: request.query.limit }))

    const ok = await app.inject('/things?skip=2&limit=10')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ page: { skip: 2 }, limit: 10 })
    const bad = await app.inject('/things?skip=-1&limit=500')
    expect(bad.statusCode, bad.body).toBe(422)
    expect(bad.json()).toEqual({
      detail: [
        { type: 'greater_than_equal', loc: ['query', 'skip'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '500', ctx: { le: 100 } },
      ],
    })
  })

  it("answers the README's example: a 401 without a token, the 422 with one", async () => {
    const app = await typeProviderApp()
    const currentUser = Depends({ headers: z.object({ authorization: z.string().optional() }) }, function currentUser ({ headers }) {
      if (headers.authorization !== 'Bearer rick') throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
      return { name: 'rick' }
    })
    const deps = { user: currentUser }
    app.get('/items/:item_id', {
      deps,
      schema: { params: z.object({ item_id: z.coerce.number().int().gt(0) }), response: { 200: z.object({ item_id: z.number(), owner: z.string() }) } },
    }, async function read_item (request) {
      return { item_id: request.params.item_id, owner: depsOf(request, deps).user.name }
    })

    const stranger = await app.inject('/items/0')
    expect(stranger.statusCode, stranger.body).toBe(401)
    expect(stranger.json()).toEqual({ detail: 'Not authenticated' })
    const invalid = await app.inject({ url: '/items/0', headers: { authorization: 'Bearer rick' } })
    expect(invalid.statusCode, invalid.body).toBe(422)
    expect(invalid.json()).toEqual({
      detail: [{ type: 'greater_than', loc: ['path', 'item_id'], msg: 'Input should be greater than 0', input: '0', ctx: { gt: 0 } }],
    })
    const valid = await app.inject({ url: '/items/3', headers: { authorization: 'Bearer rick' } })
    expect(valid.statusCode, valid.body).toBe(200)
    expect(valid.json()).toEqual({ item_id: 3, owner: 'rick' })
  })

  it('gives its dependencies the query as sent, not stripped to the keys the route declares', async () => {
    const app = await typeProviderApp()
    const deps = { page: pagination }
    app.get('/things', { deps, schema: { querystring: z.object({ limit: z.coerce.number() }) } },
      async (request) => ({ page: depsOf(request, deps).page, query: request.query }))

    const res = await app.inject('/things?skip=2&limit=10')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ page: { skip: 2 }, query: { limit: 10 } })
  })
})

describe('the docs of fastify-type-provider-zod routes', () => {
  it('documents such a route in /openapi.json as FastAPI would', async () => {
    const app = await typeProviderApp()
    itemRoutes(app)

    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/items/{item_id}']).toEqual({
      get: {
        summary: 'Read Item',
        operationId: 'read_item_items__item_id__get',
        parameters: [
          { name: 'item_id', in: 'path', required: true, schema: { type: 'integer', exclusiveMinimum: 0, title: 'Item Id' } },
          { name: 'q', in: 'query', required: false, schema: { type: 'string', minLength: 3, title: 'Q' } },
        ],
        responses: {
          200: {
            description: 'Successful Response',
            content: { 'application/json': { schema: expect.objectContaining({ title: 'Response Read Item Items  Item Id  Get', type: 'object' }) } },
          },
          422: {
            description: 'Validation Error',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
          },
        },
      },
    })
  })

  it('documents each route as the same route declared with app.api', async () => {
    const zodApp = await typeProviderApp()
    itemRoutes(zodApp)
    const apiApp = Fastify()
    onTestFinished(() => apiApp.close())
    await apiApp.register(fastapiErrors)
    await apiApp.register(fastapiDocs)
    await apiApp.register(fastapiRouting)
    apiApp.api.get('/items/{item_id}', {
      params: z.object({ item_id: z.coerce.number().int().gt(0) }),
      query: z.object({ q: z.string().min(3).optional() }),
      response: Item,
    }, function read_item ({ params, query }) { return { item_id: params.item_id, q: query.q } })
    apiApp.api.post('/items', { body: ItemIn, response: ItemIn, status: 201 }, function create_item ({ body }) { return body })

    const fromZod = (await zodApp.inject('/openapi.json')).json()
    const fromApi = (await apiApp.inject('/openapi.json')).json()
    expect(fromZod.paths).toEqual(fromApi.paths)
    expect(fromZod.components).toEqual(fromApi.components)
  })

  it("documents a route's dependencies with its own params, named after its handler", async () => {
    const app = await typeProviderApp()
    app.get('/things', { deps: { page: pagination }, schema: { querystring: z.object({ limit: z.coerce.number().int() }) } },
      async function read_things () { return [] })

    const operation = (await app.inject('/openapi.json')).json().paths['/things'].get
    expect(operation.operationId).toBe('read_things_things_get')
    expect(operation.parameters).toEqual([
      { name: 'limit', in: 'query', required: true, schema: { type: 'integer', title: 'Limit' } },
      { name: 'skip', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0, title: 'Skip' } },
    ])
  })
})
