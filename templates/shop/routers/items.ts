import { APIRouter, HTTPException } from 'fastify-fastapi'
import { z } from 'zod'
import type { Database } from '../database.js'
import type { Item } from '../models/item.js'
import { ItemCreate, ItemOut, ItemSearch, ItemUpdate } from '../schemas/item.js'
import { paginate, Pagination } from '../schemas/pagination.js'

const ItemPath = z.object({ item_id: z.int() })

export function getItemOr404 (db: Database, itemId: number): Item {
  const item = db.items.get(itemId)
  if (item === undefined) throw new HTTPException(404, 'Item not found')
  return item
}

function matches (item: Item, q: string | undefined, tags: string[]): boolean {
  if (q !== undefined) {
    const needle = q.toLowerCase()
    const text = `${item.name} ${item.description ?? ''}`.toLowerCase()
    if (!text.includes(needle)) return false
  }
  return tags.every((tag) => item.tags.includes(tag))
}

/**
 * `/items`: the catalogue. A factory that takes the database, so each app (and each test)
 * has its own; with `Depends` the database becomes a dependency instead.
 */
export function createItemsRouter (db: Database): APIRouter {
  const router = new APIRouter({ prefix: '/items', tags: ['items'] })

  router.get('/', {
    query: Pagination,
    response: z.array(ItemOut),
    summary: 'List items',
  }, ({ query }) => paginate(db.items.values(), query))

  // Declared before `/{item_id}` for readers; the router would match the static path first anyway.
  router.get('/search', {
    query: ItemSearch,
    response: z.array(ItemOut),
    summary: 'Search items by text and tags',
    description: 'Every `tag` given must be on the item: `?tag=gadgets&tag=travel`.',
  }, ({ query }) => {
    const found = [...db.items.values()].filter((item) => matches(item, query.q, query.tag))
    return paginate(found, query)
  })

  router.get('/{item_id}', {
    params: ItemPath,
    response: ItemOut,
    summary: 'Read one item',
  }, ({ params }) => getItemOr404(db, params.item_id))

  router.post('/', {
    body: ItemCreate,
    response: ItemOut,
    status: 201,
    summary: 'Create an item',
  }, ({ body }) => {
    const item: Item = { id: db.nextItemId(), ...body }
    db.items.set(item.id, item)
    return item
  })

  router.put('/{item_id}', {
    params: ItemPath,
    body: ItemUpdate,
    response: ItemOut,
    summary: 'Replace an item',
  }, ({ params, body }) => {
    getItemOr404(db, params.item_id)
    const item: Item = { id: params.item_id, ...body }
    db.items.set(item.id, item)
    return item
  })

  router.delete('/{item_id}', {
    params: ItemPath,
    status: 204,
    summary: 'Delete an item',
  }, ({ params }) => {
    getItemOr404(db, params.item_id)
    db.items.delete(params.item_id)
  })

  return router
}
