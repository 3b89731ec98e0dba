// FastAPI's "Separate OpenAPI Schemas for Input and Output": one component per model, split
// into `Item-Input` and `Item-Output` only when the model is used on both sides and what a
// request sends differs from what a response carries.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
}).meta({ id: 'Item' })

const ITEM = {
  properties: {
    name: { type: 'string', title: 'Name' },
    description: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' },
    tags: { type: 'array', items: { type: 'string' }, default: [], title: 'Tags' },
  },
  type: 'object',
  required: ['name'],
  title: 'Item',
}

async function schemasOf (app: Awaited<ReturnType<typeof buildApp>>) {
  const res = await app.inject('/openapi.json')
  expect(res.statusCode, res.body).toBe(200)
  return res.json().components.schemas
}

it('keeps one Item for a model used only as a body', async () => {
  const app = await buildApp()
  app.api.post('/items/', { body: Item }, async function create_item ({ body }) { return body })
  const schemas = await schemasOf(app)
  expect(schemas.Item).toEqual(ITEM)
  expect(schemas).not.toHaveProperty('Item-Input')
})

it('keeps one Item, its defaulted fields not required, for a model used only as a response model', async () => {
  const app = await buildApp()
  app.api.get('/items/', { response: z.array(Item) }, async function read_items () { return [{ name: 'Plumbus' }] })
  const schemas = await schemasOf(app)
  expect(schemas.Item).toEqual(ITEM)
  expect(schemas).not.toHaveProperty('Item-Output')
})

it('keeps one Item for a model used on both sides whose two forms are the same', async () => {
  const app = await buildApp()
  app.api.put('/items/{item_id}', { params: z.object({ item_id: z.int() }), body: Item, response: Item }, async function update_item ({ body }) { return body })
  const schemas = await schemasOf(app)
  expect(Object.keys(schemas).sort()).toEqual(['HTTPValidationError', 'Item', 'ValidationError'])
})

it('splits a model used on both sides into Tagged-Input and Tagged-Output when its forms differ, and the models that hold it', async () => {
  // Tags are sent and stored as "a,b", and answered as ["a", "b"]: the forms differ.
  const Tagged = z.object({
    name: z.string(),
    tags: z.string().transform((text) => text.split(',')).pipe(z.array(z.string())),
  }).meta({ id: 'Tagged' })
  const Order = z.object({ item: Tagged }).meta({ id: 'Order' })
  const app = await buildApp()
  app.api.post('/orders/', { body: Order }, async function create_order () { return null })
  app.api.get('/orders/{order_id}', { params: z.object({ order_id: z.int() }), response: Order }, async function read_order () {
    return { item: { name: 'Foo', tags: 'a,b' } }
  })

  const res = await app.inject('/orders/1')
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json()).toEqual({ item: { name: 'Foo', tags: ['a', 'b'] } })
  const schemas = await schemasOf(app)
  expect(schemas['Tagged-Input'].properties.tags).toEqual({ type: 'string', title: 'Tags' })
  expect(schemas['Tagged-Output'].properties.tags).toEqual({ type: 'array', items: { type: 'string' }, title: 'Tags' })
  expect(schemas['Tagged-Output'].title).toBe('Tagged')
  expect(schemas['Order-Input'].properties.item).toEqual({ $ref: '#/components/schemas/Tagged-Input' })
  expect(schemas['Order-Output'].properties.item).toEqual({ $ref: '#/components/schemas/Tagged-Output' })
  expect(Object.keys(schemas).sort()).toEqual(['HTTPValidationError', 'Order-Input', 'Order-Output', 'Tagged-Input', 'Tagged-Output', 'ValidationError'])
})
