import type { Kysely } from 'kysely'
import type { ItemTable } from './item.js'
import type { ItemImageTable } from './item-image.js'
import type { OrderLineTable, OrderTable } from './order.js'
import type { UserTable } from './user.js'

/** Every table, by name: Kysely checks each query's table and column names against it. */
export interface Tables {
  items: ItemTable
  item_images: ItemImageTable
  users: UserTable
  orders: OrderTable
  order_lines: OrderLineTable
}

/** The database, or a transaction on it (a `Transaction` is a `Kysely` too): what the crud functions take. */
export type Db = Kysely<Tables>
