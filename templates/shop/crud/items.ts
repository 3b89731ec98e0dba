import { sql } from 'kysely'
import type { Db } from '../models/index.js'
import type { Item, ItemChanges, NewItem } from '../models/item.js'
import type { Pagination } from '../schemas/pagination.js'

// FastAPI's crud.py for items: the SQL, apart from the routes. Each function takes the
// request's transaction (`deps.db`) or, in a script, the database itself.

/** What a list of items may be narrowed to (`ItemFilters` in schemas/item.ts). */
export interface ItemFilters {
  /** In the name or the description, any case. */
  q?: string
  /** Every one of these tags. */
  tag?: readonly string[]
  min_price?: number
  max_price?: number
  /** Only items with stock (true), or only those without (false). */
  in_stock?: boolean
}

// `%` and `_` are wildcards of LIKE: a search for "50%" looks for those characters.
function likePattern (text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

/** One page of the items that match, by id. The indexes (migrations/) serve the tag, price and stock filters. */
export async function listItems (db: Db, filters: ItemFilters, page: Pagination): Promise<Item[]> {
  let query = db.selectFrom('items').selectAll()
  if (filters.q !== undefined) {
    const pattern = likePattern(filters.q)
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]))
  }
  const tags = filters.tag ?? []
  if (tags.length > 0) query = query.where('tags', '@>', sql<string[]>`array[${sql.join(tags)}]::text[]`)
  if (filters.min_price !== undefined) query = query.where('price', '>=', filters.min_price)
  if (filters.max_price !== undefined) query = query.where('price', '<=', filters.max_price)
  if (filters.in_stock !== undefined) query = query.where('stock', filters.in_stock ? '>' : '=', 0)
  return await query.orderBy('id').offset(page.skip).limit(page.limit).execute()
}

export async function getItem (db: Db, itemId: number): Promise<Item | undefined> {
  return await db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst()
}

export async function createItem (db: Db, fields: NewItem): Promise<Item> {
  return await db.insertInto('items').values(fields).returningAll().executeTakeFirstOrThrow()
}

/**
 * Sets the columns given, and only those (FastAPI's `exclude_unset` PATCH: the fields the
 * client sent); `undefined` when there is no such item.
 */
export async function updateItem (db: Db, itemId: number, changes: ItemChanges): Promise<Item | undefined> {
  if (Object.keys(changes).length === 0) return await getItem(db, itemId)
  return await db.updateTable('items').set(changes).where('id', '=', itemId).returningAll().executeTakeFirst()
}

/** Whether there was such an item. */
export async function deleteItem (db: Db, itemId: number): Promise<boolean> {
  const { numDeletedRows } = await db.deleteFrom('items').where('id', '=', itemId).executeTakeFirst()
  return numDeletedRows > 0n
}
