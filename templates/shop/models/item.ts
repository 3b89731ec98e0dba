// Domain types: what the shop stores. Field names are the API's (snake_case, as in FastAPI's
// tutorials and a SQL table), so a row goes out through a response model without renaming.

/** An item for sale. */
export interface Item {
  id: number
  name: string
  description: string | null
  price: number
  tax: number | null
  tags: string[]
  stock: number
  /** What the shop pays its supplier: internal, so no response model declares it. */
  supplier_cost: number
}
