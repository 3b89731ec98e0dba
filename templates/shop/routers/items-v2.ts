import { APIRouter } from 'fastify-fastapi'
import { z } from 'zod'
import { getDb, pagination, staff } from '../dependencies.js'
import type { Item } from '../models/item.js'
import { ItemCreateV2, ItemOutV2 } from '../schemas/item.js'
import { createItem, getItemOr404, ItemPath, listItems } from './items.js'

/** A stored item in v2's shape: the price with its currency (the store keeps euros, as a number). */
function toItemV2 (item: Readonly<Item>) {
  return { ...item, price: { amount: item.price, currency: 'EUR' as const } }
}

/**
 * `/v2/items`: the catalogue with prices as `{ amount, currency }`. Same store, same session,
 * same logic as v1 (routers/items.ts); only the models and the mapping of the price differ.
 */
export const router = new APIRouter({ prefix: '/items', tags: ['items'] })

router.get('/', {
  deps: { db: getDb, page: pagination },
  response: z.array(ItemOutV2),
  summary: 'List items',
}, ({ deps }) => listItems(deps.db, deps.page).map(toItemV2))

router.get('/{item_id}', {
  params: ItemPath,
  deps: { db: getDb },
  response: ItemOutV2,
  summary: 'Read one item',
}, ({ params, deps }) => toItemV2(getItemOr404(deps.db, params.item_id)))

router.post('/', {
  dependencies: [staff],
  body: ItemCreateV2,
  deps: { db: getDb },
  response: ItemOutV2,
  status: 201,
  summary: 'Create an item',
}, ({ body, deps }) => toItemV2(createItem(deps.db, { ...body, price: body.price.amount })))
