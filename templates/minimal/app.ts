// The whole API in one file, FastAPI's first steps: `main.py`'s `app = FastAPI()` and its routes.
// main.ts serves it (uvicorn's part); test/ asks it questions without a socket.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { fastapi, fastapiServerOptions, HTTPException } from 'fastify-fastapi'
import { z } from 'zod'

// A pydantic model, in zod: POST /items/ validates its body against it, the handler gets it
// typed, and /docs shows it.
const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number().gt(0),
  tax: z.number().nullable().default(null),
})

// What the API answers for an item (a response model): its id and the model's fields. Any
// other field the handler returns is left out.
const ItemOut = z.object({ id: z.number().int(), ...Item.shape })

export interface AppOptions {
  /** Fastify's logger: pino's JSON lines on stdout by default; `false` in tests. */
  logger?: FastifyServerOptions['logger']
}

export async function buildApp (options: AppOptions = {}) {
  const { logger = true } = options
  const app = Fastify(fastapiServerOptions({ logger }))
  await app.register(fastapi, { docs: { title: 'My API', version: '0.1.0' } })

  // The items by id (FastAPI's `items: dict[int, Item]`): a Map standing in for a database,
  // one per app, so that every test starts afresh.
  const items = new Map<number, z.output<typeof ItemOut>>()
  items.set(1, { id: 1, name: 'Foo', description: 'There goes my hero', price: 50.2, tax: null })
  items.set(2, { id: 2, name: 'Bar', description: null, price: 62, tax: 20.2 })

  addRoutes(app, items)

  return app
}

// The routes, in one chain: each declaration returns `app.api` typed with one route more, so
// the chain's type is the whole API, and test/ makes a typed client of it (Api, below).
function addRoutes (app: FastifyInstance, items: Map<number, z.output<typeof ItemOut>>) {
  return app.api
    // @app.get("/")
    .get('/', () => ({ message: 'Hello World' }))

    // Query parameters with defaults: GET /items/?skip=0&limit=10&q=foo
    .get('/items/', {
      query: z.object({
        skip: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(100).default(10),
        q: z.string().nullable().default(null),
      }),
      response: z.array(ItemOut),
    }, ({ query }) => {
      const found = [...items.values()].filter((item) => query.q === null || item.name.toLowerCase().includes(query.q.toLowerCase()))
      return found.slice(query.skip, query.skip + query.limit)
    })

    // A path parameter, and HTTPException for an item that is not there (documented as a 404).
    .get('/items/{item_id}', {
      params: z.object({ item_id: z.number().int() }),
      response: ItemOut,
      responses: { 404: { description: 'Item not found', model: z.object({ detail: z.string() }) } },
    }, ({ params }) => {
      const item = items.get(params.item_id)
      if (item === undefined) throw new HTTPException(404, 'Item not found', { 'X-Error': 'There goes my error' })
      return item
    })

    // A request body: `item: Item`, answered 201 with the new item's id.
    .post('/items/', { body: Item, response: ItemOut, status: 201 }, ({ body }) => {
      const item = { id: Math.max(0, ...items.keys()) + 1, ...body }
      items.set(item.id, item)
      return item
    })
}

/** The API's type, for a typed client: `createClient<Api>({ app })` (fastify-fastapi/client). */
export type Api = ReturnType<typeof addRoutes>
