// The database group (endpoints.ts): the shop (templates/shop) against the same queries in a
// bare Fastify route with hand-written JSON Schema, on the same engine and the same rows. Each
// app process has a database of its own: a PGlite in memory, or a schema of PostgreSQL's
// `test` database (BENCH_DATABASE_URL), made anew at each start.
import { createSigner } from 'fast-jwt'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { createDatabase, migrateToLatest } from '../../../templates/shop/database.js'
import type { Tables } from '../../../templates/shop/models/index.js'
import { seedDatabase } from '../../../templates/shop/seed.js'

export type BenchEngine = 'pglite' | 'postgres'

/** The shop's signing key in the bench (SHOP_SECRET_KEY), and the baseline's. */
export const SHOP_BENCH_SECRET = 'shop-bench-secret-shop-bench-secret-0123456789'

/** A staff token of johndoe (the seed's), valid for a day: the catalogue's writes ask `items:write`. */
export function shopBenchToken (): string {
  const now = Math.floor(Date.now() / 1000)
  return createSigner({ key: SHOP_BENCH_SECRET, algorithm: 'HS256' })({ sub: 'johndoe', scope: 'me orders items:write', iat: now, exp: now + 86_400 })
}

/** Rows in the items table at start: more than a page of 50. */
const ITEMS = 100

function benchDatabaseUrl (): string {
  return process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
}

async function freshSchema (name: string): Promise<string> {
  const schema = `bench_${name.replaceAll('-', '_')}`
  const client = new pg.Client({ connectionString: benchDatabaseUrl() })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.query(`CREATE SCHEMA ${schema}`)
  } finally {
    await client.end()
  }
  const url = new URL(benchDatabaseUrl())
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}

/** The app's database, migrated, with the seed's users and items, and more items up to ITEMS. */
export async function benchDatabase (engine: BenchEngine, app: string): Promise<Kysely<Tables>> {
  const db = createDatabase({ url: engine === 'pglite' ? 'memory://' : await freshSchema(app) })
  await migrateToLatest(db)
  await seedDatabase(db)
  const count = await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()
  const more = Array.from({ length: ITEMS - Number(count.count) }, (_, index) => ({
    name: `Item ${index}`, description: 'Made for the bench', price: index + 0.5, tax: null, tags: ['bench', 'tools'], stock: index, supplier_cost: 0.25,
  }))
  await db.insertInto('items').values(more).execute()
  return db
}

/** The shop as `npm start` builds it (no logs), on the bench's database. */
export async function buildShop (engine: BenchEngine) {
  // security.ts reads its key when it is first imported: set it before.
  process.env.SHOP_SECRET_KEY = SHOP_BENCH_SECRET
  const { buildApp } = await import('../../../templates/shop/app.js')
  const { getDatabase } = await import('../../../templates/shop/dependencies.js')
  const db = await benchDatabase(engine, `shop_${engine}`)
  const app = await buildApp({ logger: false })
  app.dependencyOverrides.set(getDatabase, () => db)
  return app
}
