// FastAPI's "Additional Responses": models per status, router responses, descriptions.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { buildDocsApp } from './helpers/docs-app.js'

it('documents a response model per status and merges the router responses', async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  const readItem = document.paths['/items/{item_id}'].get
  expect(readItem.operationId).toBe('readOneItem')
  expect(readItem.responses[404]).toEqual({ description: 'Not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } } })
  expect(readItem.tags).toEqual(['items'])
  // The router's 404 reaches every route below it.
  expect(document.paths['/items/'].get.responses[404].description).toBe('Not found')
})

it('uses the status, the summary, the description and the response description given', async () => {
  const app = await buildDocsApp()
  const createItem = (await app.inject('/openapi.json')).json().paths['/items/'].post
  expect(createItem.summary).toBe('Create an item')
  expect(createItem.description).toBe('Create an item with all the information.')
  expect(createItem.responses[201]).toEqual({ description: 'The created item', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } })
  expect(createItem.responses[200]).toBeUndefined()
})

it('documents a 204 without a body, and marks deprecated routes', async () => {
  const app = await buildApp()
  app.api.delete('/items/{item_id}', { params: z.object({ item_id: z.string() }), status: 204, deprecated: true }, async function delete_item () {})
  const operation = (await app.inject('/openapi.json')).json().paths['/items/{item_id}'].delete
  expect(operation.responses[204]).toEqual({ description: 'Successful Response' })
  expect(operation.deprecated).toBe(true)
})

it('gives every operation a unique operationId', async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  const ids = Object.values(document.paths).flatMap((item) => Object.values(item as Record<string, { operationId: string }>).map((operation) => operation.operationId))
  expect(new Set(ids).size).toBe(ids.length)
  expect(ids).toContain('read_items_items__get')
  expect(ids).toContain('read_file_items_files__file_path__get')
})

it('documents the status the route sends: 200 unless `status` says otherwise, other models as further responses', async () => {
  const { z } = await import('zod')
  const Created = z.object({ id: z.int() }).meta({ id: 'Created' })
  const app = await buildApp()
  app.api.post('/things', { response: { 201: Created } }, async function make_thing () { return { id: 1 } })
  const responses = (await app.inject('/openapi.json')).json().paths['/things'].post.responses
  expect(Object.keys(responses)).toEqual(['200', '201'])
  expect(responses[201].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Created' })
  expect((await app.inject({ method: 'POST', url: '/things' })).statusCode).toBe(200)
})

it('keeps an explicit operationId unique when its router is mounted twice', async () => {
  const { APIRouter } = await import('fastify-fastapi')
  const app = await buildApp()
  const router = new APIRouter()
  router.get('/ping', { operationId: 'ping' }, async function ping () { return 'pong' })
  await app.register(router, { prefix: '/a' })
  await app.register(router, { prefix: '/b' })
  const paths = (await app.inject('/openapi.json')).json().paths
  expect([paths['/a/ping'].get.operationId, paths['/b/ping'].get.operationId]).toEqual(['ping', 'ping_2'])
})
