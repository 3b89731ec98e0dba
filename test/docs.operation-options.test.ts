// FastAPI's "Path Operation Advanced Configuration" (openapi_extra), "Generating SDKs"
// (generate_unique_id_function) and "Separate OpenAPI Schemas for Input and Output" (off).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, type GenerateUniqueId } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

describe('openapiExtra', () => {
  it('adds an extension to the operation', async () => {
    const app = await buildApp()
    app.api.get('/items/', { openapiExtra: { 'x-aperture-labs-portal': 'blue' } }, function read_items () { return [{ item_id: 'portal-gun' }] })
    const doc = (await app.inject('/openapi.json')).json()
    expect(doc.paths['/items/'].get).toEqual({
      summary: 'Read Items',
      operationId: 'read_items_items__get',
      responses: { 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } },
      'x-aperture-labs-portal': 'blue',
    })
  })

  it('documents a request body the route reads by itself, merged deeply into the operation', async () => {
    const app = await buildApp()
    app.api.post('/items/', {
      tags: ['items'],
      openapiExtra: {
        tags: ['magic'],
        requestBody: {
          content: {
            'application/json': {
              schema: { required: ['name', 'price'], type: 'object', properties: { name: { type: 'string' }, price: { type: 'number' }, description: { type: 'string' } } },
            },
          },
          required: true,
        },
      },
    }, function create_item ({ request }) { return request.body })
    const operation = (await app.inject('/openapi.json')).json().paths['/items/'].post
    expect(operation.tags).toEqual(['items', 'magic'])
    expect(operation.requestBody).toEqual({
      content: {
        'application/json': {
          schema: { required: ['name', 'price'], type: 'object', properties: { name: { type: 'string' }, price: { type: 'number' }, description: { type: 'string' } } },
        },
      },
      required: true,
    })
  })

  it('refuses an openapiExtra that is no object, at registration', async () => {
    const app = await buildApp()
    expect(() => app.api.get('/items/', { openapiExtra: 'blue' as never }, () => null)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID' }))
  })
})

describe('generateUniqueIdFunction', () => {
  const Item = z.object({ name: z.string(), price: z.number() }).meta({ id: 'Item' })
  const ResponseMessage = z.object({ message: z.string() }).meta({ id: 'ResponseMessage' })
  const User = z.object({ username: z.string(), email: z.string() }).meta({ id: 'User' })
  const customGenerateUniqueId: GenerateUniqueId = (route) => `${route.tags[0]}-${route.name}`

  it('names every operation with the app\'s generator, as clients generated from the document show them', async () => {
    const app = await buildApp({ docs: { generateUniqueIdFunction: customGenerateUniqueId } })
    const items = new APIRouter({ prefix: '/items', tags: ['items'] })
    items.post('/', { body: Item, response: ResponseMessage }, function create_item () { return { message: 'Item received' } })
    items.get('/', { response: z.array(Item) }, function get_items () { return [{ name: 'Plumbus', price: 3 }] })
    const users = new APIRouter({ prefix: '/users', tags: ['users'] })
    users.post('/', { body: User, response: ResponseMessage }, function create_user () { return { message: 'User received' } })
    await app.register(items)
    await app.register(users)

    const doc = (await app.inject('/openapi.json')).json()
    expect(doc.paths['/items/'].get.operationId).toBe('items-get_items')
    expect(doc.paths['/items/'].get.responses[200].content['application/json'].schema).toEqual({
      title: 'Response Items-Get Items', type: 'array', items: { $ref: '#/components/schemas/Item' },
    })
    expect(doc.paths['/items/'].post.operationId).toBe('items-create_item')
    expect(doc.paths['/users/'].post.operationId).toBe('users-create_user')
  })

  it('takes a route\'s generator over its router\'s, and a router\'s over the app\'s', async () => {
    const app = await buildApp({ docs: { generateUniqueIdFunction: (route) => `app-${route.name}` } })
    const router = new APIRouter({ prefix: '/items', generateUniqueIdFunction: (route) => `router-${route.method}-${route.path}` })
    router.get('/', function read_items () { return [] })
    router.post('/', { generateUniqueIdFunction: (route) => `route-${route.name}` }, function create_item () { return {} })
    await app.register(router)
    app.api.get('/users/', function read_users () { return [] })

    const doc = (await app.inject('/openapi.json')).json()
    expect(doc.paths['/items/'].get.operationId).toBe('router-GET-/items/')
    expect(doc.paths['/items/'].post.operationId).toBe('route-create_item')
    expect(doc.paths['/users/'].get.operationId).toBe('app-read_users')
  })
})

describe('separateInputOutputSchemas: false', () => {
  // Tags are sent as "a,b" and answered as ["a", "b"]: the two forms differ.
  const Item = z.object({
    name: z.string(),
    description: z.string().nullable().default(null),
    tags: z.string().transform((text) => text.split(',')).pipe(z.array(z.string())),
  }).meta({ id: 'Item' })

  it('documents a model whose forms differ as one schema, its request form', async () => {
    const app = await buildApp({ docs: { separateInputOutputSchemas: false } })
    app.api.post('/items/', { body: Item, response: Item }, function create_item ({ body }) { return { ...body, tags: body.tags.join(',') } })
    app.api.get('/items/', { response: z.array(Item) }, function read_items () { return [] })

    const doc = (await app.inject('/openapi.json')).json()
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['HTTPValidationError', 'Item', 'ValidationError'])
    expect(doc.components.schemas.Item).toEqual({
      properties: {
        name: { type: 'string', title: 'Name' },
        description: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' },
        tags: { type: 'string', title: 'Tags' },
      },
      type: 'object',
      required: ['name', 'tags'],
      title: 'Item',
    })
    expect(doc.paths['/items/'].get.responses[200].content['application/json'].schema).toEqual({
      items: { $ref: '#/components/schemas/Item' }, type: 'array', title: 'Response Read Items Items  Get',
    })
  })

  it('splits the same model into Item-Input and Item-Output by default', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item, response: Item }, function create_item ({ body }) { return { ...body, tags: body.tags.join(',') } })
    const doc = (await app.inject('/openapi.json')).json()
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['HTTPValidationError', 'Item-Input', 'Item-Output', 'ValidationError'])
  })
})
