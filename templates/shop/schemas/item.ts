import { z } from 'zod'

// FastAPI's pattern: a base model with the shared fields, one model per direction.
const ItemBase = z.object({
  name: z.string().min(1).max(100),
  description: z.string().max(300).nullable().default(null),
  price: z.number().gt(0),
  tax: z.number().min(0).nullable().default(null),
  tags: z.array(z.string().min(1)).default([]),
})

/** What a client sends to create an item (and to replace one with PUT). */
// `.meta({ id })` names a model in the docs: one `ItemCreate` component, referred to by every route.
export const ItemCreate = ItemBase.extend({
  stock: z.int().min(0).default(0),
  supplier_cost: z.number().min(0).default(0),
}).meta({ id: 'ItemCreate' })

/**
 * PUT replaces the whole item, so it takes the same model: a field left out takes its default,
 * as in FastAPI's "Body - Updates" (use PATCH for partial changes).
 */
export const ItemUpdate = ItemCreate

/** What the API answers with: no `supplier_cost`, whatever the handler returns. */
export const ItemOut = z.object({
  id: z.int(),
  ...ItemBase.shape,
  stock: z.int(),
}).meta({ id: 'ItemOut' })

/**
 * A price in v2 of the API: the amount and its currency. The shop sells in euros only, so the
 * currency is a literal: a client that sends another one gets a 422 rather than a wrong price.
 */
export const Price = z.object({
  amount: z.number().gt(0),
  currency: z.literal('EUR'),
}).meta({ id: 'Price' })

/** `POST /v2/items/`: the v1 model with the price as a `Price`. */
export const ItemCreateV2 = ItemCreate.extend({ price: Price }).meta({ id: 'ItemCreateV2' })

/** What v2 answers with: `ItemOut` with the price as a `Price`. */
export const ItemOutV2 = ItemOut.extend({ price: Price }).meta({ id: 'ItemOutV2' })

/**
 * `GET /items/search?q=gun&tag=gadgets&tag=travel`: a repeated `tag` fills the list. `skip`
 * and `limit` come from the `pagination` dependency, as FastAPI's `CommonQueryParams` would.
 */
export const ItemSearch = z.object({
  q: z.string().min(3).max(50).optional(),
  tag: z.array(z.string()).default([]),
})

export type ItemCreate = z.output<typeof ItemCreate>
export type ItemOut = z.output<typeof ItemOut>
export type ItemCreateV2 = z.output<typeof ItemCreateV2>
export type ItemOutV2 = z.output<typeof ItemOutV2>
