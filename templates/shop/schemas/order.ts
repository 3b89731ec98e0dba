import { z } from 'zod'

export const OrderLineCreate = z.object({
  item_id: z.int(),
  quantity: z.int().min(1).max(100).default(1),
}).meta({ id: 'OrderLineCreate' })

/** No `user_id`: an order is placed by the current user (the bearer token's). */
export const OrderCreate = z.object({
  lines: z.array(OrderLineCreate).min(1),
}).meta({ id: 'OrderCreate' })

export const OrderLineOut = z.object({
  item_id: z.int(),
  name: z.string(),
  quantity: z.int(),
  unit_price: z.number(),
}).meta({ id: 'OrderLineOut' })

export const OrderOut = z.object({
  id: z.int(),
  user_id: z.int(),
  lines: z.array(OrderLineOut),
  total: z.number(),
  // A Date: JSON carries it as an ISO 8601 string, as FastAPI sends a datetime.
  created_at: z.date(),
  /** When the payment provider confirmed the payment (its webhook); null until then. */
  paid_at: z.date().nullable(),
}).meta({ id: 'OrderOut' })

export type OrderCreate = z.output<typeof OrderCreate>
export type OrderOut = z.output<typeof OrderOut>
