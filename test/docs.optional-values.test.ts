// FastAPI's `q: str | None = None`, written `z.string().nullable().default(null)`: the value is
// `null` when the client sends none, and the document says what FastAPI 0.14x says, an
// `anyOf` with `null` and no `"default": null`.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { Item } from './helpers/tutorial-models.js'

it('documents `q: str | None = None` as anyOf string or null, without a default, and answers q: null', async () => {
  const app = await buildApp()
  app.api.get('/items/{item_id}', {
    params: z.object({ item_id: z.int() }),
    query: z.object({ q: z.string().nullable().default(null) }),
  }, async function read_item ({ params, query }) {
    return { item_id: params.item_id, q: query.q }
  })

  const res = await app.inject('/items/1')
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json()).toEqual({ item_id: 1, q: null })
  const { parameters } = (await app.inject('/openapi.json')).json().paths['/items/{item_id}'].get
  expect(parameters[1]).toEqual({
    name: 'q', in: 'query', required: false, schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Q' },
  })
})

it('documents `description: str | None = None` inside a model the same way (Item.description, Item.tax)', async () => {
  const app = await buildApp()
  app.api.post('/items/', { body: Item }, async function create_item ({ body }) { return body })

  const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', price: 50.5 } })
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json()).toEqual({ name: 'Foo', description: null, price: 50.5, tax: null })
  // The whole Item, as FastAPI's "Request Body" shows it, is in docs.fastapi-tutorial.test.ts.
  const { properties, required } = (await app.inject('/openapi.json')).json().components.schemas.Item
  expect([properties.description, properties.tax, required]).toEqual([
    { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' },
    { anyOf: [{ type: 'number' }, { type: 'null' }], title: 'Tax' },
    ['name', 'price'],
  ])
})

it('keeps a required nullable field required, a real default, a list default and a constraint as FastAPI writes them', async () => {
  const app = await buildApp()
  app.api.get('/items/', {
    query: z.object({
      short: z.boolean().default(false),
      tag: z.array(z.string()).default([]),
      q: z.string().max(50).nullable().default(null),
      needy: z.string().nullable(),
    }),
  }, async function read_items ({ query }) { return query })

  const { parameters } = (await app.inject('/openapi.json')).json().paths['/items/'].get
  expect(parameters).toEqual([
    { name: 'short', in: 'query', required: false, schema: { type: 'boolean', default: false, title: 'Short' } },
    { name: 'tag', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' }, default: [], title: 'Tag' } },
    { name: 'q', in: 'query', required: false, schema: { anyOf: [{ type: 'string', maxLength: 50 }, { type: 'null' }], title: 'Q' } },
    { name: 'needy', in: 'query', required: true, schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Needy' } },
  ])
})

it('documents an optional nested model (`image: Image | None = None`) as anyOf its $ref or null', async () => {
  const Image = z.object({ url: z.string(), name: z.string() }).meta({ id: 'Image' })
  const Offer = z.object({ name: z.string(), image: Image.nullable().default(null) }).meta({ id: 'Offer' })
  const app = await buildApp()
  app.api.post('/offers/', { body: Offer }, async function create_offer ({ body }) { return body })

  const schemas = (await app.inject('/openapi.json')).json().components.schemas
  expect(schemas.Offer.properties.image).toEqual({ anyOf: [{ $ref: '#/components/schemas/Image' }, { type: 'null' }] })
})
