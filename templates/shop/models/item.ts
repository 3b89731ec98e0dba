import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

// The `items` table (FastAPI's models.py: what is stored, as the ORM table would declare it).
// Column names are the API's (snake_case), so a row goes out through a response model as it is.

export interface ItemTable {
  id: Generated<number>
  name: string
  description: string | null
  /** numeric(12,2): exact in the database, a JS number once read (database.ts parses it). */
  price: number
  tax: number | null
  tags: string[]
  stock: number
  /** What the shop pays its supplier: internal, so no response model declares it. */
  supplier_cost: number
}

/** An item as read from the table. */
export type Item = Selectable<ItemTable>
/** The columns of a new item (`id` comes from the database). */
export type NewItem = Insertable<ItemTable>
/** Some columns of an item, for an UPDATE. */
export type ItemChanges = Updateable<ItemTable>
