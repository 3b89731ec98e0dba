import { z } from 'zod'
import { Pagination } from './pagination.js'

export const OrderLineCreate = z.object({
  item_id: z.int(),
  quantity: z.int().min(1).max(100).default(1),
})

export const OrderCreate = z.object({
  user_id: z.int(),
  lines: z.array(OrderLineCreate).min(1),
})

export const OrderLineOut = z.object({
  item_id: z.int(),
  name: z.string(),
  quantity: z.int(),
  unit_price: z.number(),
})

export const OrderOut = z.object({
  id: z.int(),
  user_id: z.int(),
  lines: z.array(OrderLineOut),
  total: z.number(),
  // A Date: JSON carries it as an ISO 8601 string, as FastAPI sends a datetime.
  created_at: z.date(),
})

/** `GET /orders/?user_id=1`: one user's orders, or everyone's. */
export const OrderFilter = Pagination.extend({
  user_id: z.int().optional(),
})

export type OrderCreate = z.output<typeof OrderCreate>
export type OrderOut = z.output<typeof OrderOut>
