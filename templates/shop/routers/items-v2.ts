import { APIRouter } from 'fastify-fastapi'
import { z } from 'zod'
import { createItem, listItems } from '../crud/items.js'
import { getDb, pagination, staff } from '../dependencies.js'
import type { Item } from '../models/item.js'
import { ItemCreateV2, ItemOutV2 } from '../schemas/item.js'
import { getItemOr404, ItemPath } from './items.js'

/** A stored item in v2's shape: the price with its currency (the table keeps euros, as a number). */
function toItemV2 (item: Item) {
  return { ...item, price: { amount: item.price, currency: 'EUR' as const } }
}

/**
 * `/v2/items`: the catalogue with prices as `{ amount, currency }`. Same tables, same
 * transaction, same crud functions as v1 (routers/items.ts); only the models and the mapping
 * of the price differ.
 */
export const router = new APIRouter({ prefix: '/items', tags: ['items'] })

router.get('/', {
  deps: { db: getDb, page: pagination },
  response: z.array(ItemOutV2),
  summary: 'List items',
}, async ({ deps }) => (await listItems(deps.db, {}, deps.page)).map(toItemV2))

router.get('/{item_id}', {
  params: ItemPath,
  deps: { db: getDb },
  response: ItemOutV2,
  summary: 'Read one item',
}, async ({ params, deps }) => toItemV2(await getItemOr404(deps.db, params.item_id)))

router.post('/', {
  dependencies: [staff],
  body: ItemCreateV2,
  deps: { db: getDb },
  response: ItemOutV2,
  status: 201,
  summary: 'Create an item',
}, async ({ body, deps }) => toItemV2(await createItem(deps.db, { ...body, price: body.price.amount })))
