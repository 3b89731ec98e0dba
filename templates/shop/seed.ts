import type { Db } from './models/index.js'
import type { NewItem } from './models/item.js'
import type { NewUser } from './models/user.js'

// The demo's data: `npm start` puts it in an empty PGlite database; `npm run db:seed` in any
// database (a real PostgreSQL is never seeded on its own: its demo users have known passwords).

// The names come from FastAPI's "Bigger Applications" tutorial (plumbus, portal gun). Inserted
// in this order, they get the ids 1, 2, 3.
export const SEED_ITEMS: readonly NewItem[] = [
  { name: 'Plumbus', description: 'A regular old plumbus', price: 6.5, tax: 0.65, tags: ['household', 'tools'], stock: 10, supplier_cost: 2.1 },
  { name: 'Portal Gun', description: null, price: 999.99, tax: 99.99, tags: ['gadgets', 'travel'], stock: 1, supplier_cost: 420 },
  { name: 'Meeseeks Box', description: 'Summons a helper for one task', price: 19.99, tax: null, tags: ['gadgets', 'household'], stock: 0, supplier_cost: 5 },
]

// Only the hashes are here: johndoe's password is "correct horse" and alice's is "wonderland"
// (made with the library's `hashPassword`, utils/passwords.ts).
export const SEED_USERS: readonly NewUser[] = [
  {
    username: 'johndoe',
    email: 'johndoe@example.com',
    full_name: 'John Doe',
    disabled: false,
    scopes: ['me', 'orders', 'items:write'],
    hashed_password: '$scrypt$ln=17,r=8,p=1$w0IUJhi6HQz8jWCvyX7JRA$/NEQnSo3a0hj8USzImS/Z0lzYoGjE6MrKZwLOT33vx8',
  },
  {
    username: 'alice',
    email: 'alice@example.com',
    full_name: 'Alice Wonderson',
    disabled: true,
    scopes: ['me', 'orders'],
    hashed_password: '$scrypt$ln=17,r=8,p=1$EI/nuFPDcfBY7vhNCsv5yQ$PumRukgvvVYc1NpbyJRkL+kX3pIzGPdBIR/O4W4pSkk',
  },
]

/** Inserts the demo's items and users, in one transaction. */
export async function seedDatabase (db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('items').values([...SEED_ITEMS]).execute()
    await trx.insertInto('users').values([...SEED_USERS]).execute()
  })
}

/** Seeds a database that has no users yet; says whether it did. */
export async function seedIfEmpty (db: Db): Promise<boolean> {
  const anyone = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyone !== undefined) return false
  await seedDatabase(db)
  return true
}
