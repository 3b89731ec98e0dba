import type { Item } from './models/item.js'
import type { Order } from './models/order.js'
import type { User } from './models/user.js'
import { createIdSequence, type IdSequence } from './utils/ids.js'

/**
 * The shop's data, in memory: one Map per table, keyed by id. Each call of
 * `createDatabase()` is a fresh store, so every test starts from the same seed.
 * Routes never touch it directly: they get a `Session` over it from `getDb` (dependencies.ts).
 * (A later version keeps the same tables in PGlite, embedded PostgreSQL.)
 */
export interface Database {
  items: Map<number, Item>
  users: Map<number, User>
  orders: Map<number, Order>
  nextItemId: IdSequence
  nextUserId: IdSequence
  nextOrderId: IdSequence
  /** The clock orders are stamped with; tests pass a fixed one. */
  now: () => Date
}

export interface DatabaseOptions {
  /** Start with the seed items and users (default) or empty. */
  seed?: boolean
  now?: () => Date
}

// The names come from FastAPI's "Bigger Applications" tutorial (plumbus, portal gun).
const SEED_ITEMS: readonly Item[] = [
  { id: 1, name: 'Plumbus', description: 'A regular old plumbus', price: 6.5, tax: 0.65, tags: ['household', 'tools'], stock: 10, supplier_cost: 2.1 },
  { id: 2, name: 'Portal Gun', description: null, price: 999.99, tax: 99.99, tags: ['gadgets', 'travel'], stock: 1, supplier_cost: 420 },
  { id: 3, name: 'Meeseeks Box', description: 'Summons a helper for one task', price: 19.99, tax: null, tags: ['gadgets', 'household'], stock: 0, supplier_cost: 5 },
]

// Seed passwords are hashed here, not in the source: johndoe's is "correct horse" and
// alice's is "wonderland" (made with the library's `hashPassword`, utils/passwords.ts).
const SEED_USERS: readonly User[] = [
  {
    id: 1,
    username: 'johndoe',
    email: 'johndoe@example.com',
    full_name: 'John Doe',
    disabled: false,
    scopes: ['me', 'orders', 'items:write'],
    hashed_password: '$scrypt$ln=17,r=8,p=1$w0IUJhi6HQz8jWCvyX7JRA$/NEQnSo3a0hj8USzImS/Z0lzYoGjE6MrKZwLOT33vx8',
  },
  {
    id: 2,
    username: 'alice',
    email: 'alice@example.com',
    full_name: 'Alice Wonderson',
    disabled: true,
    scopes: ['me', 'orders'],
    hashed_password: '$scrypt$ln=17,r=8,p=1$EI/nuFPDcfBY7vhNCsv5yQ$PumRukgvvVYc1NpbyJRkL+kX3pIzGPdBIR/O4W4pSkk',
  },
]

// Copies, so that one store's changes never reach the seed or another store.
function table<TRow extends { id: number }> (rows: readonly TRow[]): Map<number, TRow> {
  return new Map(rows.map((row) => [row.id, structuredClone(row)]))
}

function lastId (rows: Map<number, unknown>): number {
  return Math.max(0, ...rows.keys())
}

export function createDatabase (options: DatabaseOptions = {}): Database {
  const { seed = true, now = () => new Date() } = options
  const items = table(seed ? SEED_ITEMS : [])
  const users = table(seed ? SEED_USERS : [])
  const orders = new Map<number, Order>()
  return {
    items,
    users,
    orders,
    nextItemId: createIdSequence(lastId(items)),
    nextUserId: createIdSequence(lastId(users)),
    nextOrderId: createIdSequence(lastId(orders)),
    now,
  }
}
