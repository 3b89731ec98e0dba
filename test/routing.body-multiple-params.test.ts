import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "Body - Multiple Parameters" tutorial:
//   class Item(BaseModel):
//       name: str
//       description: str | None = None
//       price: float
//       tax: float | None = None
//
//   class User(BaseModel):
//       username: str
//       full_name: str | None = None
//
//   @app.put("/items/{item_id}")
//   async def update_item(item_id: int, item: Item, user: User, importance: Annotated[int, Body(gt=0)], q: str | None = None):
//       results = {"item_id": item_id, "item": item, "user": user, "importance": importance}
//       if q:
//           results.update({"q": q})
//       return results
const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().nullable().default(null),
}).meta({ id: 'Item' })
const User = z.object({ username: z.string(), full_name: z.string().nullable().default(null) }).meta({ id: 'User' })

async function itemsApp () {
  const app = await buildApp()
  app.api.put('/items/{item_id}', {
    params: z.object({ item_id: z.int() }),
    query: z.object({ q: z.string().optional() }),
    body: { item: Item, user: User, importance: z.int().gt(0) },
  }, function update_item ({ params, query, body }) {
    return { item_id: params.item_id, ...body, ...(query.q === undefined ? {} : { q: query.q }) }
  })
  return app
}

const missing = (name: string) => ({ type: 'missing', loc: ['body', name], msg: 'Field required', input: null })

describe('several body params', () => {
  it('reads one JSON object keyed by the params\' names', async () => {
    const app = await itemsApp()

    const res = await app.inject({
      method: 'PUT',
      url: '/items/5?q=somequery',
      payload: { importance: 2, item: { name: 'Foo', price: 50.5 }, user: { username: 'Dave' } },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      item_id: 5,
      importance: 2,
      item: { name: 'Foo', price: 50.5, description: null, tax: null },
      user: { username: 'Dave', full_name: null },
      q: 'somequery',
    })
  })

  it('reports each param missing from an empty body, a {} body or a null body', async () => {
    const app = await itemsApp()

    for (const payload of [undefined, {}, 'null']) {
      const res = await app.inject({ method: 'PUT', url: '/items/5', headers: { 'content-type': 'application/json' }, payload: payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload) })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({ detail: [missing('item'), missing('user'), missing('importance')] })
    }
  })

  it('reports every param missing from a body that is a list', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'PUT', url: '/items/5', payload: [] })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('item'), missing('user'), missing('importance')] })
  })

  it('reports a param that fails its schema at ["body", name], with the errors inside it', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'PUT', url: '/items/5', payload: { importance: 0, item: { name: 'Foo' }, user: { username: 'Dave' } } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'item', 'price'], msg: 'Field required', input: { name: 'Foo' } },
        { type: 'greater_than', loc: ['body', 'importance'], msg: 'Input should be greater than 0', input: 0, ctx: { gt: 0 } },
      ],
    })
  })

  it('coerces a param as pydantic does ("2" for an int)', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'PUT', url: '/items/5', payload: { importance: '2', item: { name: 'Foo', price: '50.5' }, user: { username: 'Dave' } } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ importance: 2, item: { price: 50.5 } })
  })

  it('gives an optional param its default when it is missing or null', async () => {
    const app = await buildApp()
    app.api.post('/notes/', { body: { text: z.string(), tags: z.array(z.string()).default([]), note: z.string().optional() } }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/notes/', payload: { text: 'hi', tags: null } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ text: 'hi', tags: [] })
  })

  it('embeds a single body param under its name (FastAPI\'s Body(embed=True))', async () => {
    const app = await buildApp()
    app.api.put('/items/{item_id}', { params: z.object({ item_id: z.int() }), body: { item: Item } }, ({ params, body }) => ({ item_id: params.item_id, item: body.item }))

    const ok = await app.inject({ method: 'PUT', url: '/items/5', payload: { item: { name: 'Foo', price: 50.5 } } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ item_id: 5, item: { name: 'Foo', price: 50.5, description: null, tax: null } })

    const flat = await app.inject({ method: 'PUT', url: '/items/5', payload: { name: 'Foo', price: 50.5 } })
    expect(flat.statusCode, flat.body).toBe(422)
    expect(flat.json()).toEqual({ detail: [missing('item')] })
  })

  it('reads the body params a dependency declares from the same JSON object', async () => {
    const app = await buildApp()
    const currentUser = Depends({ body: { user: User } }, ({ body }) => body.user)
    app.api.put('/items/{item_id}', { params: z.object({ item_id: z.int() }), body: { item: Item }, deps: { user: currentUser } },
      function update_item ({ body, deps }) { return { item: body.item.name, user: deps.user.username } })

    const res = await app.inject({ method: 'PUT', url: '/items/5', payload: { item: { name: 'Foo', price: 1 }, user: { username: 'Dave' } } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item: 'Foo', user: 'Dave' })

    const document = (await app.inject('/openapi.json')).json()
    expect(document.components.schemas.Body_update_item_items__item_id__put).toEqual({
      title: 'Body_update_item_items__item_id__put',
      type: 'object',
      properties: { item: { $ref: '#/components/schemas/Item' }, user: { $ref: '#/components/schemas/User' } },
      required: ['item', 'user'],
    })
  })

  it('documents the body as FastAPI\'s Body_<operation id> component', async () => {
    const app = await itemsApp()

    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/items/{item_id}'].put.requestBody).toEqual({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Body_update_item_items__item_id__put' } } },
      required: true,
    })
    expect(document.components.schemas.Body_update_item_items__item_id__put).toEqual({
      title: 'Body_update_item_items__item_id__put',
      type: 'object',
      properties: {
        item: { $ref: '#/components/schemas/Item' },
        user: { $ref: '#/components/schemas/User' },
        importance: { title: 'Importance', type: 'integer', exclusiveMinimum: 0 },
      },
      required: ['item', 'user', 'importance'],
    })
  })
})
