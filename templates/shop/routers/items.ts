import { APIRouter, CacheControl, HTTPException } from 'fastify-fastapi'
import { z } from 'zod'
import { getDb, pagination, staff } from '../dependencies.js'
import type { Item } from '../models/item.js'
import { ItemCreate, ItemOut, ItemSearch, ItemUpdate } from '../schemas/item.js'
import { paginate, type Pagination } from '../schemas/pagination.js'
import type { Session } from '../session.js'

/** `/{item_id}`: shared with v2 (routers/items-v2.ts), as are the functions below. */
export const ItemPath = z.object({ item_id: z.int() })

// The logic of the routes, apart from their models: v1 and v2 differ only in the price's shape.
export function listItems (db: Session, page: Pagination): Array<Readonly<Item>> {
  return paginate(db.items.values(), page)
}

export function getItemOr404 (db: Session, itemId: number): Readonly<Item> {
  const item = db.items.get(itemId)
  if (item === undefined) throw new HTTPException(404, 'Item not found')
  return item
}

export function createItem (db: Session, fields: ItemCreate): Readonly<Item> {
  return db.items.put({ id: db.nextItemId(), ...fields })
}

function matches (item: Readonly<Item>, q: string | undefined, tags: string[]): boolean {
  if (q !== undefined) {
    const needle = q.toLowerCase()
    const text = `${item.name} ${item.description ?? ''}`.toLowerCase()
    if (!text.includes(needle)) return false
  }
  return tags.every((tag) => item.tags.includes(tag))
}

/**
 * `/items`: the catalogue (FastAPI's `router = APIRouter(prefix="/items", tags=["items"])`).
 * Mounted twice (app.ts): at `/items`, and as the deprecated `/v1/items`.
 */
export const router = new APIRouter({ prefix: '/items', tags: ['items'] })

// The catalogue changes (stock, prices): a browser or a CDN may keep an answer but asks again
// before each use, and gets a 304 with no body while its ETag (app.ts: `cache: { etag: true }`) still matches.
const revalidate = CacheControl({ noCache: true })

router.get('/', {
  dependencies: [revalidate],
  deps: { db: getDb, page: pagination },
  response: z.array(ItemOut),
  summary: 'List items',
}, ({ deps }) => listItems(deps.db, deps.page))

// Declared before `/{item_id}` for readers; the router would match the static path first anyway.
router.get('/search', {
  query: ItemSearch,
  deps: { db: getDb, page: pagination },
  response: z.array(ItemOut),
  summary: 'Search items by text and tags',
  description: 'Every `tag` given must be on the item: `?tag=gadgets&tag=travel`.',
}, ({ query, deps }) => {
  const found = [...deps.db.items.values()].filter((item) => matches(item, query.q, query.tag))
  return paginate(found, deps.page)
})

router.get('/{item_id}', {
  params: ItemPath,
  dependencies: [revalidate],
  deps: { db: getDb },
  response: ItemOut,
  summary: 'Read one item',
}, ({ params, deps }) => getItemOr404(deps.db, params.item_id))

router.post('/', {
  dependencies: [staff],
  body: ItemCreate,
  deps: { db: getDb },
  response: ItemOut,
  status: 201,
  summary: 'Create an item',
}, ({ body, deps }) => createItem(deps.db, body))

router.put('/{item_id}', {
  dependencies: [staff],
  params: ItemPath,
  body: ItemUpdate,
  deps: { db: getDb },
  response: ItemOut,
  summary: 'Replace an item',
}, ({ params, body, deps }) => {
  getItemOr404(deps.db, params.item_id)
  return deps.db.items.put({ id: params.item_id, ...body })
})

router.delete('/{item_id}', {
  dependencies: [staff],
  params: ItemPath,
  deps: { db: getDb },
  status: 204,
  summary: 'Delete an item',
}, ({ params, deps }) => {
  getItemOr404(deps.db, params.item_id)
  deps.db.items.delete(params.item_id)
})
