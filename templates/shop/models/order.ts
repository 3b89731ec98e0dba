import type { ColumnType, Generated, Selectable } from 'kysely'

/** The `orders` table: an order, placed by a user; its lines took their quantities out of stock. */
export interface OrderTable {
  id: Generated<number>
  user_id: number
  total: number
  created_at: Date
  /** When the payment provider confirmed the payment (routers/payments.ts); null until then. Set by the webhook, never on insert. */
  paid_at: ColumnType<Date | null, never, Date | null>
}

/**
 * The `order_lines` table: one item of an order, priced when the order was placed. `item_id`
 * has no foreign key: an order keeps its lines when an item is deleted later.
 */
export interface OrderLineTable {
  order_id: number
  /** The line's place in the order (0, 1 ...), as the client sent them. */
  position: number
  item_id: number
  /** The item's name when ordered, so the order still reads well if the item changes. */
  name: string
  quantity: number
  unit_price: number
}

export type OrderLine = Omit<Selectable<OrderLineTable>, 'order_id' | 'position'>

/** An order with its lines, as the API answers it. */
export interface Order extends Selectable<OrderTable> {
  lines: OrderLine[]
}
