// FastAPI's "Declare Request Example Data": examples on a model, on its fields, on a body
// param, and named `openapi_examples` for a body or a param.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

const fields = {
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().nullable().default(null),
}
const ITEM_PROPERTIES = {
  name: { type: 'string', title: 'Name' },
  description: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' },
  price: { type: 'number', title: 'Price' },
  tax: { anyOf: [{ type: 'number' }, { type: 'null' }], title: 'Tax' },
}

async function documentOf (body: z.ZodType, query?: z.ZodObject) {
  const app = await buildApp()
  app.api.put('/items/{item_id}', { params: z.object({ item_id: z.int() }), query, body }, function update_item ({ params, body }) {
    return { item_id: params.item_id, item: body }
  })
  const res = await app.inject({ method: 'PUT', url: '/items/5', payload: { name: 'Foo', description: 'A very nice Item', price: 35.4, tax: 3.2 } })
  expect(res.statusCode, res.body).toBe(200)
  return (await app.inject('/openapi.json')).json()
}

describe('request examples', () => {
  it('shows a model\'s examples on its component', async () => {
    const Item = z.object(fields).meta({
      id: 'Item',
      examples: [{ name: 'Foo', description: 'A very nice Item', price: 35.4, tax: 3.2 }],
    })
    const doc = await documentOf(Item)
    expect(doc.components.schemas.Item).toEqual({
      properties: ITEM_PROPERTIES,
      type: 'object',
      required: ['name', 'price'],
      title: 'Item',
      examples: [{ name: 'Foo', description: 'A very nice Item', price: 35.4, tax: 3.2 }],
    })
  })

  it('shows a field\'s examples on the field', async () => {
    const Item = z.object({
      name: z.string().meta({ examples: ['Foo'] }),
      description: z.string().nullable().default(null).meta({ examples: ['A very nice Item'] }),
      price: z.number().meta({ examples: [35.4] }),
    }).meta({ id: 'Item' })
    const doc = await documentOf(Item)
    expect(doc.components.schemas.Item.properties).toEqual({
      name: { type: 'string', title: 'Name', examples: ['Foo'] },
      description: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description', examples: ['A very nice Item'] },
      price: { type: 'number', title: 'Price', examples: [35.4] },
    })
  })

  it('keeps the $ref to a model whose body param carries examples, beside them', async () => {
    const Item = z.object(fields).meta({ id: 'Item' })
    const doc = await documentOf(Item.meta({
      examples: [
        { name: 'Foo', description: 'A very nice Item', price: 35.4, tax: 3.2 },
        { name: 'Bar', price: '35.4' },
        { name: 'Baz', price: 'thirty five point four' },
      ],
    }))
    expect(doc.paths['/items/{item_id}'].put.requestBody).toEqual({
      content: {
        'application/json': {
          schema: {
            $ref: '#/components/schemas/Item',
            examples: [
              { name: 'Foo', description: 'A very nice Item', price: 35.4, tax: 3.2 },
              { name: 'Bar', price: '35.4' },
              { name: 'Baz', price: 'thirty five point four' },
            ],
          },
        },
      },
      required: true,
    })
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['HTTPValidationError', 'Item', 'ValidationError'])
  })

  it('shows a body\'s openapiExamples as the request body\'s named examples', async () => {
    const Item = z.object(fields).meta({ id: 'Item' })
    const openapiExamples = {
      normal: {
        summary: 'A normal example',
        description: 'A **normal** item works correctly.',
        value: { name: 'Foo', description: 'A very nice Item', price: 35.4, tax: 3.2 },
      },
      converted: {
        summary: 'An example with converted data',
        description: 'FastAPI can convert price `strings` to actual `numbers` automatically',
        value: { name: 'Bar', price: '35.4' },
      },
      invalid: { summary: 'Invalid data is rejected with an error', value: { name: 'Baz', price: 'thirty five point four' } },
    }
    const doc = await documentOf(Item.meta({ openapiExamples }))
    expect(doc.paths['/items/{item_id}'].put.requestBody).toEqual({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' }, examples: openapiExamples } },
      required: true,
    })
    expect(doc.components.schemas.Item).toEqual({ properties: ITEM_PROPERTIES, type: 'object', required: ['name', 'price'], title: 'Item' })
  })

  it('shows a param\'s examples in its schema and its openapiExamples on the param', async () => {
    const doc = await documentOf(z.object(fields).meta({ id: 'Item' }), z.object({
      q: z.string().nullable().default(null).meta({
        examples: ['foo'],
        openapiExamples: { normal: { summary: 'A normal query', value: 'foo' } },
      }),
    }))
    expect(doc.paths['/items/{item_id}'].put.parameters[1]).toEqual({
      name: 'q',
      in: 'query',
      required: false,
      schema: { anyOf: [{ type: 'string' }, { type: 'null' }], examples: ['foo'], title: 'Q' },
      examples: { normal: { summary: 'A normal query', value: 'foo' } },
    })
  })
})
