import { APIRouter, File, HTTPException } from 'fastify-fastapi'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'

// The API the client tests call: FastAPI's tutorial items, declared in a chain so that its
// type carries every route.

export const Item = z.object({
  name: z.string(),
  price: z.number(),
  tags: z.array(z.string()).default([]),
})
export const Message = z.object({ detail: z.string() })

const ItemPath = z.object({ item_id: z.int() })

export function itemsRouter () {
  const items = new Map<number, z.output<typeof Item>>([[1, { name: 'Foo', price: 50.2, tags: [] }]])
  return new APIRouter({ prefix: '/items' })
    .get('/', {
      query: z.object({ q: z.string().optional(), tag: z.array(z.string()).default([]), limit: z.int().default(10) }),
      response: z.array(Item),
    }, ({ query }) => [...items.values()]
      .filter((item) => query.q === undefined || item.name.includes(query.q))
      .filter((item) => query.tag.every((tag) => item.tags.includes(tag)))
      .slice(0, query.limit))
    .get('/{item_id}', {
      params: ItemPath,
      response: Item,
      responses: { 404: { model: Message, description: 'The item was not found' } },
    }, ({ params }) => {
      const item = items.get(params.item_id)
      if (item === undefined) throw new HTTPException(404, 'Item not found')
      return item
    })
    .post('/', { body: Item, response: Item.extend({ id: z.int() }), status: 201 }, ({ body }) => {
      const id = items.size + 1
      items.set(id, body)
      return { id, ...body }
    })
    .put('/{item_id}', {
      params: ItemPath,
      headers: z.object({ x_token: z.string() }),
      cookies: z.object({ session: z.string().optional() }),
      body: { item: Item, importance: z.int() },
      response: z.object({ item_id: z.int(), item: Item, importance: z.int(), token: z.string(), session: z.string().nullable() }),
    }, ({ params, headers, cookies, body }) => ({ item_id: params.item_id, ...body, token: headers.x_token, session: cookies.session ?? null }))
    .delete('/{item_id}', { params: ItemPath, status: 204 }, ({ params }) => {
      items.delete(params.item_id)
    })
}

export function filesRouter () {
  return new APIRouter({ prefix: '/files' })
    .get('/{file_path:path}', { params: z.object({ file_path: z.string() }) }, ({ params }) => ({ file_path: params.file_path }))
    .post('/login', { form: z.object({ username: z.string(), password: z.string() }) }, ({ form }) => ({ username: form.username }))
    .post('/upload', { form: z.object({ file: File(), note: z.string() }) }, async ({ form }) => ({
      filename: form.file.filename, content: await form.file.text(), note: form.note,
    }))
}

/** The whole API on `app`, from `app.api`: its type is what a client is made from. */
export function mountApi (app: FastifyInstance) {
  return app.api
    .get('/', () => ({ message: 'Hello World' }))
    .includeRouter(itemsRouter())
    .includeRouter(filesRouter(), { prefix: '/v1' })
}

export type Api = ReturnType<typeof mountApi>
