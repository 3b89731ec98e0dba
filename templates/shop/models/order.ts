/** One item of an order, priced when the order was placed. */
export interface OrderLine {
  item_id: number
  /** The item's name when ordered, so the order still reads well if the item changes. */
  name: string
  quantity: number
  unit_price: number
}

/** An order: its lines took their quantities out of stock. */
export interface Order {
  id: number
  user_id: number
  lines: OrderLine[]
  total: number
  created_at: Date
}
