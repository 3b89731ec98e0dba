import { APIRouter, CacheControl, HTTPException } from 'fastify-fastapi'
import { z } from 'zod'
import { createItem, deleteItem, getItem, listItems, updateItem } from '../crud/items.js'
import { getDb, pagination, staff } from '../dependencies.js'
import type { Db } from '../models/index.js'
import type { Item } from '../models/item.js'
import { ItemCreate, ItemFilters, ItemOut, ItemPatch, ItemSearch, ItemUpdate } from '../schemas/item.js'

/** `/{item_id}`: shared with v2 (routers/items-v2.ts). */
export const ItemPath = z.object({ item_id: z.int() })

/** The item, or 404 (FastAPI's `if item is None: raise HTTPException(404, ...)`); v2 and the images use it too. */
export async function getItemOr404 (db: Db, itemId: number): Promise<Item> {
  const item = await getItem(db, itemId)
  if (item === undefined) throw new HTTPException(404, 'Item not found')
  return item
}

/**
 * `/items`: the catalogue (FastAPI's `router = APIRouter(prefix="/items", tags=["items"])`).
 * Mounted twice (app.ts): at `/items`, and as the deprecated `/v1/items`. The SQL is in
 * crud/items.ts; `deps.db` is the request's transaction (dependencies.ts).
 */
// The catalogue changes (stock, prices): a browser or a CDN may keep an answer but asks again
// before each use, and gets a 304 with no body while its ETag (app.ts: `cache: { etag: true }`) still matches.
const revalidate = CacheControl({ noCache: true })

// In one chain: each declaration returns the router typed with one route more, so the
// router's type is its API, and a typed client (fastify-fastapi/client) calls it (test/).
export const router = new APIRouter({ prefix: '/items', tags: ['items'] })
  .get('/', {
    dependencies: [revalidate],
    query: ItemFilters,
    deps: { db: getDb, page: pagination },
    response: z.array(ItemOut),
    summary: 'List items',
    description: 'Filters combine: `?tag=gadgets&tag=travel&min_price=10&in_stock=true` is the items with both tags, from 10, in stock.',
  }, ({ query, deps }) => listItems(deps.db, query, deps.page))

  // Declared before `/{item_id}` for readers; the router would match the static path first anyway.
  .get('/search', {
    query: ItemSearch,
    deps: { db: getDb, page: pagination },
    response: z.array(ItemOut),
    summary: 'Search items by text and tags',
    description: 'Every `tag` given must be on the item: `?tag=gadgets&tag=travel`.',
  }, ({ query, deps }) => listItems(deps.db, query, deps.page))

  .get('/{item_id}', {
    params: ItemPath,
    dependencies: [revalidate],
    deps: { db: getDb },
    response: ItemOut,
    summary: 'Read one item',
  }, ({ params, deps }) => getItemOr404(deps.db, params.item_id))

  .post('/', {
    dependencies: [staff],
    body: ItemCreate,
    deps: { db: getDb },
    response: ItemOut,
    status: 201,
    summary: 'Create an item',
  }, ({ body, deps }) => createItem(deps.db, body))

  .put('/{item_id}', {
    dependencies: [staff],
    params: ItemPath,
    body: ItemUpdate,
    deps: { db: getDb },
    response: ItemOut,
    summary: 'Replace an item',
  }, async ({ params, body, deps }) => {
    const item = await updateItem(deps.db, params.item_id, body)
    if (item === undefined) throw new HTTPException(404, 'Item not found')
    return item
  })

  // FastAPI's "Partial updates with PATCH": only the fields the client sent change
  // (`exclude_unset`); ItemPatch has no defaults, so a field left out is not in `body`.
  .patch('/{item_id}', {
    dependencies: [staff],
    params: ItemPath,
    body: ItemPatch,
    deps: { db: getDb },
    response: ItemOut,
    summary: 'Change some fields of an item',
  }, async ({ params, body, deps }) => {
    const item = await updateItem(deps.db, params.item_id, body)
    if (item === undefined) throw new HTTPException(404, 'Item not found')
    return item
  })

  .delete('/{item_id}', {
    dependencies: [staff],
    params: ItemPath,
    deps: { db: getDb },
    status: 204,
    summary: 'Delete an item',
  }, async ({ params, deps }) => {
    if (!await deleteItem(deps.db, params.item_id)) throw new HTTPException(404, 'Item not found')
  })
