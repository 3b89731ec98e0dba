import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { ResponseItem } from './helpers/tutorial-models.js'

// FastAPI's "Response Model - Return Type" tutorial: an item model with defaults, and items
// stored with some of their fields.
const Item = ResponseItem

const foo = { name: 'Foo', price: 50.2 }
const bar = { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 }
const items: Record<string, z.input<typeof Item>> = {
  foo,
  bar,
  baz: { name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] },
}

function readItem ({ params }: { params: { item_id: string } }): z.input<typeof Item> {
  const item = items[params.item_id]
  if (item === undefined) throw new HTTPException(404, 'Item not found')
  return item
}

const params = z.object({ item_id: z.string() })

async function get (app: Awaited<ReturnType<typeof buildApp>>, url: string): Promise<unknown> {
  const res = await app.inject(url)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('response_model_exclude_unset', () => {
  it('sends only the fields the stored item has, not the defaults the model fills in', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params, response: Item, responseModelExcludeUnset: true }, readItem)

    expect(await get(app, '/items/foo')).toEqual({ name: 'Foo', price: 50.2 })
    expect(await get(app, '/items/bar')).toEqual({ name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 })
    // Set explicitly, even to the default or to null: sent.
    expect(await get(app, '/items/baz')).toEqual({ name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] })
  })

  it('still strips the fields the model does not declare', async () => {
    const app = await buildApp()
    app.api.get('/items/foo', { response: Item, responseModelExcludeUnset: true }, () => ({ name: 'Foo', price: 50.2, secret: 'internal' }))

    expect(await get(app, '/items/foo')).toEqual({ name: 'Foo', price: 50.2 })
  })

  it('reads the fields a class instance has as set, as zod reads them', async () => {
    class StoredItem { name = 'Foo'; price = 50.2 }
    const app = await buildApp()
    app.api.get('/items/foo', { response: Item, responseModelExcludeUnset: true }, () => new StoredItem())

    expect(await get(app, '/items/foo')).toEqual({ name: 'Foo', price: 50.2 })
  })

  it('leaves out the unset fields of nested models and of each item of a list', async () => {
    const Image = z.object({ url: z.string(), name: z.string().default('image') })
    const Offer = z.object({ name: z.string(), items: z.array(Item), image: Image.nullable().default(null) })
    const app = await buildApp()
    app.api.get('/offers/1', { response: Offer, responseModelExcludeUnset: true }, () => ({
      name: 'Bundle',
      items: [foo, bar],
      image: { url: 'http://example.com/bundle.png' },
    }))

    expect(await get(app, '/offers/1')).toEqual({
      name: 'Bundle',
      items: [{ name: 'Foo', price: 50.2 }, { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 }],
      image: { url: 'http://example.com/bundle.png' },
    })
  })

  it('answers a PATCH with the stored item, without the defaults it never had (the partial update pattern)', async () => {
    const stored: Record<string, z.input<typeof Item>> = { foo: { name: 'Foo', price: 50.2 } }
    const ItemUpdate = z.object({ name: z.string(), description: z.string().nullable(), price: z.number(), tax: z.number(), tags: z.array(z.string()) }).partial()
    const app = await buildApp()
    app.api.patch('/items/{item_id}', { params, body: ItemUpdate, response: Item, responseModelExcludeUnset: true }, ({ params, body }) => {
      const current = stored[params.item_id]
      if (current === undefined) throw new HTTPException(404, 'Item not found')
      const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined))
      return (stored[params.item_id] = { ...current, ...changes })
    })

    const res = await app.inject({ method: 'PATCH', url: '/items/foo', payload: { price: 42 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Foo', price: 42 })
  })

  it('judges each option of a union by the option the value parses as', async () => {
    const Cat = z.object({ kind: z.literal('cat'), lives: z.number().default(9) })
    const Dog = z.object({ kind: z.literal('dog'), good: z.boolean().default(true) })
    const app = await buildApp()
    app.api.get('/pets', { response: z.array(z.union([Cat, Dog])), responseModelExcludeUnset: true }, () => [{ kind: 'cat' as const }, { kind: 'dog' as const, good: false }])

    expect(await get(app, '/pets')).toEqual([{ kind: 'cat' }, { kind: 'dog', good: false }])
  })
})

describe('response_model_exclude_defaults and response_model_exclude_none', () => {
  it('leaves out the fields whose value is the default, set or not', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params, response: Item, responseModelExcludeDefaults: true }, readItem)

    expect(await get(app, '/items/foo')).toEqual({ name: 'Foo', price: 50.2 })
    expect(await get(app, '/items/bar')).toEqual({ name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 })
    expect(await get(app, '/items/baz')).toEqual({ name: 'Baz', price: 50.2 })
  })

  it('leaves out the fields whose value is null, set or not', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params, response: Item, responseModelExcludeNone: true }, readItem)

    expect(await get(app, '/items/foo')).toEqual({ name: 'Foo', price: 50.2, tax: 10.5, tags: [] })
    expect(await get(app, '/items/baz')).toEqual({ name: 'Baz', price: 50.2, tax: 10.5, tags: [] })
  })

  it("keeps a dict's null values, as pydantic does: only a model's fields are left out", async () => {
    const Prices = z.object({ name: z.string().nullable(), prices: z.record(z.string(), z.number().nullable()) })
    const app = await buildApp()
    app.api.get('/prices', { response: Prices, responseModelExcludeNone: true }, () => ({ name: null, prices: { foo: 1, bar: null } }))

    expect(await get(app, '/prices')).toEqual({ prices: { foo: 1, bar: null } })
  })
})

describe('response_model_include and response_model_exclude', () => {
  const stored = { name: 'Bar', description: 'The Bar fighters', price: 62, tax: 20.2 }

  it('sends only the included fields, from a list or a set', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}/name', { params, response: Item, responseModelInclude: ['name', 'description'] }, () => stored)
    app.api.get('/items/{item_id}/set', { params, response: Item, responseModelInclude: new Set(['name', 'description'] as const) }, () => stored)

    expect(await get(app, '/items/bar/name')).toEqual({ name: 'Bar', description: 'The Bar fighters' })
    expect(await get(app, '/items/bar/set')).toEqual({ name: 'Bar', description: 'The Bar fighters' })
  })

  it('leaves out the excluded fields', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}/public', { params, response: Item, responseModelExclude: ['tax'] }, () => stored)

    expect(await get(app, '/items/bar/public')).toEqual({ name: 'Bar', description: 'The Bar fighters', price: 62, tags: [] })
  })

  // FastAPI's tests/test_response_model_include_exclude.py.
  const Test = z.object({ foo: z.string(), bar: z.string() })
  const Test2 = z.object({ test: Test, baz: z.string() })
  const Test3 = z.object({ name: z.string(), age: z.number().int(), test2: Test2 })

  it('selects inside nested models', async () => {
    const app = await buildApp()
    const value = { test: { foo: 'test foo', bar: 'test bar' }, baz: 'test2 baz' }
    app.api.get('/simple_include', { response: Test2, responseModelInclude: { baz: true, test: ['foo'] } }, () => value)
    app.api.get('/simple_exclude', { response: Test2, responseModelExclude: { test: ['bar'] } }, () => value)

    expect(await get(app, '/simple_include')).toEqual({ baz: 'test2 baz', test: { foo: 'test foo' } })
    expect(await get(app, '/simple_exclude')).toEqual({ baz: 'test2 baz', test: { foo: 'test foo' } })
  })

  it('applies include, then exclude inside what it included', async () => {
    const app = await buildApp()
    app.api.get('/mixed', { response: Test3, responseModelInclude: ['test2', 'name'], responseModelExclude: { test2: ['baz'] } }, () => ({
      name: 'mixed test3 name',
      age: 3,
      test2: { test: { foo: 'mixed test foo', bar: 'mixed test bar' }, baz: 'mixed test2 baz' },
    }))

    expect(await get(app, '/mixed')).toEqual({ name: 'mixed test3 name', test2: { test: { foo: 'mixed test foo', bar: 'mixed test bar' } } })
  })

  it('applies a selection under a list to every item', async () => {
    const app = await buildApp()
    app.api.get('/items/', { response: z.array(Item), responseModelInclude: ['name', 'price'] }, () => [foo, bar])
    app.api.get('/offers/1', { response: z.object({ items: z.array(Item) }), responseModelExclude: { items: ['tax', 'tags'] } }, () => ({ items: [bar] }))

    expect(await get(app, '/items/')).toEqual([{ name: 'Foo', price: 50.2 }, { name: 'Bar', price: 62 }])
    expect(await get(app, '/offers/1')).toEqual({ items: [{ name: 'Bar', description: 'The bartenders', price: 62 }] })
  })
})

describe('response model options, beside the rest', () => {
  it('documents the whole model, as FastAPI does', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}/name', { params, response: Item, responseModelInclude: ['name', 'description'], responseModelExcludeUnset: true }, () => bar)

    const document = (await app.inject('/openapi.json')).json()
    const schema = document.paths['/items/{item_id}/name'].get.responses['200'].content['application/json'].schema
    expect(schema.$ref).toMatch(/^#\/components\/schemas\/Item/)
    const component = document.components.schemas[schema.$ref.split('/').pop()]
    expect(Object.keys(component.properties)).toEqual(['name', 'description', 'price', 'tax', 'tags'])
  })

  it('still answers 500 when the value does not fit the model', async () => {
    const app = await buildApp()
    // A handler typed loosely (data from a database): the model judges it at run time.
    const broken: unknown = { name: 'Broken' }
    app.api.get('/items/broken', { response: Item, responseModelExcludeUnset: true }, () => broken as z.input<typeof Item>)

    const res = await app.inject('/items/broken')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
  })

  it('applies to the model of each status', async () => {
    const Message = z.object({ message: z.string(), code: z.number().default(0) })
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params, response: { 200: Item, 404: Message }, responseModelExcludeUnset: true }, ({ params, reply }) => {
      const item = items[params.item_id]
      if (item === undefined) {
        reply.code(404)
        return { message: 'Item not found' }
      }
      return item
    })

    expect(await get(app, '/items/foo')).toEqual({ name: 'Foo', price: 50.2 })
    const missing = await app.inject('/items/nope')
    expect(missing.statusCode, missing.body).toBe(404)
    expect(missing.json()).toEqual({ message: 'Item not found' })
  })

  it('keeps the compiled response path for a route without any of them, and zod for a route with one', async () => {
    const Plain = z.object({ name: z.string(), price: z.number() })
    const Filtered = z.object({ name: z.string(), price: z.number() })
    const plainRuns = vi.spyOn(Plain._zod, 'run')
    const filteredRuns = vi.spyOn(Filtered._zod, 'run')
    const app = await buildApp()
    app.api.get('/plain', { response: Plain }, () => ({ name: 'Foo', price: 1, secret: 'x' }))
    app.api.get('/filtered', { response: Filtered, responseModelExclude: ['price'] }, () => ({ name: 'Foo', price: 1, secret: 'x' }))

    expect(await get(app, '/plain')).toEqual({ name: 'Foo', price: 1 })
    expect(await get(app, '/filtered')).toEqual({ name: 'Foo' })
    expect(plainRuns).not.toHaveBeenCalled()
    expect(filteredRuns).toHaveBeenCalledOnce()
  })
})

describe('response model options, refused at registration', () => {
  it('refuses them on a route without a response model', async () => {
    const app = await buildApp()
    // @ts-expect-error  the options act on the response model, and this route has none
    expect(() => app.api.get('/items/', { responseModelExcludeUnset: true }, () => [])).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Route GET /items/: option 'responseModelExcludeUnset' applies to the response model, and the route has none: add 'response' (FastAPI's response_model) or remove the option",
    }))
  })

  it('refuses a flag that is not a boolean and a selection that is not a list or an object of names', async () => {
    const app = await buildApp()
    // @ts-expect-error  the flag is a boolean
    expect(() => app.api.get('/a', { response: Item, responseModelExcludeNone: 'yes' }, () => foo)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Route GET /a: option 'responseModelExcludeNone' must be true or false; got string 'yes'",
    }))
    // @ts-expect-error  a selection is a list of names, not one name
    expect(() => app.api.get('/b', { response: Item, responseModelInclude: 'name' }, () => foo)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Route GET /b: option 'responseModelInclude' must be a list of field names (['name', 'description']) or an object of field names whose values are true or a nested selection ({ test: ['foo'] }); got string 'name'",
    }))
    // @ts-expect-error  a nested selection is true or a selection
    expect(() => app.api.get('/c', { response: Item, responseModelExclude: { tags: false } }, () => foo)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Route GET /c: option 'responseModelExclude.tags' must be a list of field names (['name', 'description']) or an object of field names whose values are true or a nested selection ({ test: ['foo'] }); got boolean false",
    }))
  })
})
