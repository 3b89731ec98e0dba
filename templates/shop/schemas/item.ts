import { z } from 'zod'

// Each field once, without a default: PATCH (ItemPatch) must tell a field left out from one sent.
const name = z.string().min(1).max(100)
const description = z.string().max(300).nullable()
const price = z.number().gt(0)
const tax = z.number().min(0).nullable()
const tags = z.array(z.string().min(1))
const stock = z.int().min(0)
const supplierCost = z.number().min(0)

// FastAPI's pattern: a base model with the shared fields, one model per direction.
const ItemBase = z.object({
  name,
  description: description.default(null),
  price,
  tax: tax.default(null),
  tags: tags.default([]),
})

/** What a client sends to create an item (and to replace one with PUT). */
// `.meta({ id })` names a model in the docs: one `ItemCreate` component, referred to by every route.
export const ItemCreate = ItemBase.extend({
  stock: stock.default(0),
  supplier_cost: supplierCost.default(0),
}).meta({ id: 'ItemCreate' })

/**
 * PUT replaces the whole item, so it takes the same model: a field left out takes its default,
 * as in FastAPI's "Body - Updates" (use PATCH for partial changes).
 */
export const ItemUpdate = ItemCreate

/**
 * PATCH changes only the fields the client sends (FastAPI's `item.model_dump(exclude_unset=True)`):
 * every field optional and without a default, so a field left out is not in the parsed body
 * at all, and `null` is sent on purpose (a description removed).
 */
export const ItemPatch = z.object({
  name, description, price, tax, tags, stock, supplier_cost: supplierCost,
}).partial().meta({ id: 'ItemPatch' })

/** What the API answers with: no `supplier_cost`, whatever the handler returns. */
export const ItemOut = z.object({
  id: z.int(),
  ...ItemBase.shape,
  stock: z.int(),
}).meta({ id: 'ItemOut' })

/** `GET /items/?tag=tools&min_price=5&max_price=50&in_stock=true`: every filter optional, combined with AND. */
export const ItemFilters = z.object({
  tag: z.array(z.string()).default([]),
  min_price: z.number().min(0).optional(),
  max_price: z.number().min(0).optional(),
  in_stock: z.boolean().optional(),
})

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
export type ItemPatch = z.output<typeof ItemPatch>
export type ItemOut = z.output<typeof ItemOut>
export type ItemCreateV2 = z.output<typeof ItemCreateV2>
export type ItemOutV2 = z.output<typeof ItemOutV2>
