import { APIRouter, HTTPException } from 'fastify-fastapi'
import { z } from 'zod'
import { getDb, pagination } from '../dependencies.js'
import type { Item } from '../models/item.js'
import { ItemCreate, ItemOut, ItemSearch, ItemUpdate } from '../schemas/item.js'
import { paginate } from '../schemas/pagination.js'
import type { Session } from '../session.js'

const ItemPath = z.object({ item_id: z.int() })

export function getItemOr404 (db: Session, itemId: number): Readonly<Item> {
  const item = db.items.get(itemId)
  if (item === undefined) throw new HTTPException(404, 'Item not found')
  return item
}

function matches (item: Readonly<Item>, q: string | undefined, tags: string[]): boolean {
  if (q !== undefined) {
    const needle = q.toLowerCase()
    const text = `${item.name} ${item.description ?? ''}`.toLowerCase()
    if (!text.includes(needle)) return false
  }
  return tags.every((tag) => item.tags.includes(tag))
}

/** `/items`: the catalogue (FastAPI's `router = APIRouter(prefix="/items", tags=["items"])`). */
export const router = new APIRouter({ prefix: '/items', tags: ['items'] })

router.get('/', {
  deps: { db: getDb, page: pagination },
  response: z.array(ItemOut),
  summary: 'List items',
}, ({ deps }) => paginate(deps.db.items.values(), deps.page))

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
  deps: { db: getDb },
  response: ItemOut,
  summary: 'Read one item',
}, ({ params, deps }) => getItemOr404(deps.db, params.item_id))

router.post('/', {
  body: ItemCreate,
  deps: { db: getDb },
  response: ItemOut,
  status: 201,
  summary: 'Create an item',
}, ({ body, deps }) => deps.db.items.put({ id: deps.db.nextItemId(), ...body }))

router.put('/{item_id}', {
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
  params: ItemPath,
  deps: { db: getDb },
  status: 204,
  summary: 'Delete an item',
}, ({ params, deps }) => {
  getItemOr404(deps.db, params.item_id)
  deps.db.items.delete(params.item_id)
})
