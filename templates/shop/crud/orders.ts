import type { Selectable } from 'kysely'
import type { Db } from '../models/index.js'
import type { Order, OrderLine, OrderTable } from '../models/order.js'
import type { Pagination } from '../schemas/pagination.js'

// FastAPI's crud.py for orders: the SQL of placing and cancelling one. The rules (which item
// is missing, which is short) are the router's (routers/orders.ts).

/** What an order needs of an item: its name and price to copy, its stock to check. */
export interface StockedItem {
  id: number
  name: string
  price: number
  stock: number
}

/**
 * Reads these items and locks their rows until the transaction ends (`SELECT ... FOR
 * UPDATE`): an order that wants the same item waits here for this one to commit, then reads
 * the stock it left. Rows are locked in id order, so two orders never wait for each other.
 */
export async function lockItems (db: Db, itemIds: readonly number[]): Promise<Map<number, StockedItem>> {
  if (itemIds.length === 0) return new Map()
  const rows = await db.selectFrom('items').select(['id', 'name', 'price', 'stock'])
    .where('id', 'in', [...itemIds]).orderBy('id').forUpdate().execute()
  return new Map(rows.map((row) => [row.id, row]))
}

/** Moves `quantity` of an item out of stock (negative: back in). */
export async function moveStock (db: Db, itemId: number, quantity: number): Promise<void> {
  await db.updateTable('items').set((eb) => ({ stock: eb('stock', '-', quantity) })).where('id', '=', itemId).execute()
}

export async function insertOrder (db: Db, order: Omit<OrderTable, 'id'>, lines: readonly OrderLine[]): Promise<Order> {
  const inserted = await db.insertInto('orders').values(order).returningAll().executeTakeFirstOrThrow()
  await db.insertInto('order_lines').values(lines.map((line, position) => ({ order_id: inserted.id, position, ...line }))).execute()
  return { ...inserted, lines: [...lines] }
}

// The lines of these orders, each order's in the order they were placed.
async function withLines (db: Db, orders: ReadonlyArray<Omit<Order, 'lines'>>): Promise<Order[]> {
  if (orders.length === 0) return []
  const lines = await db.selectFrom('order_lines').select(['order_id', 'item_id', 'name', 'quantity', 'unit_price'])
    .where('order_id', 'in', orders.map((order) => order.id)).orderBy('order_id').orderBy('position').execute()
  const byOrder = new Map<number, OrderLine[]>(orders.map((order) => [order.id, []]))
  for (const { order_id, ...line } of lines) byOrder.get(order_id)?.push(line)
  return orders.map((order) => ({ ...order, lines: byOrder.get(order.id) ?? [] }))
}

/** One page of a user's orders, by id. */
export async function listOrders (db: Db, userId: number, page: Pagination): Promise<Order[]> {
  const orders = await db.selectFrom('orders').selectAll().where('user_id', '=', userId)
    .orderBy('id').offset(page.skip).limit(page.limit).execute()
  return await withLines(db, orders)
}

/** A user's order; `forUpdate` locks it until the transaction ends (a cancel). */
export async function getOrder (db: Db, userId: number, orderId: number, forUpdate = false): Promise<Order | undefined> {
  const query = db.selectFrom('orders').selectAll().where('id', '=', orderId).where('user_id', '=', userId)
  const order = await (forUpdate ? query.forUpdate() : query).executeTakeFirst()
  return order === undefined ? undefined : (await withLines(db, [order]))[0]
}

/** Deletes an order and its lines (ON DELETE CASCADE). */
export async function deleteOrder (db: Db, orderId: number): Promise<void> {
  await db.deleteFrom('orders').where('id', '=', orderId).execute()
}

/** How many orders a user placed from `since` on (the export's progress counts against it). */
export async function countOrdersSince (db: Db, userId: number, since: Date): Promise<number> {
  const { count } = await db.selectFrom('orders').select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('user_id', '=', userId).where('created_at', '>=', since).executeTakeFirstOrThrow()
  // PostgreSQL's count is a bigint, which node-postgres gives as a string.
  return Number(count)
}

/**
 * A page of a user's orders from `since` on, the `limit` after the order `afterId`, by id: a
 * keyset page, which the (user_id, id) index answers at the same speed on the last page as on
 * the first (an OFFSET would read every row it skips).
 */
export async function orderPageSince (db: Db, userId: number, since: Date, afterId: number, limit: number): Promise<Array<Selectable<OrderTable>>> {
  return await db.selectFrom('orders').selectAll().where('user_id', '=', userId).where('created_at', '>=', since)
    .where('id', '>', afterId).orderBy('id').limit(limit).execute()
}
