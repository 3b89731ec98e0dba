import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateToLatest } from '../database.js'
import { testDatabase } from './helpers.js'

// migrations/: what the schema promises the routes (constraints the API answers with, indexes
// for the list's filters), and that a migration is run once.
describe('the migrations', () => {
  it('create the UNIQUE constraints that sign-up answers 409 with', async () => {
    const { db } = testDatabase()

    const { rows } = await sql<{ conname: string }>`SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'u' ORDER BY conname`.execute(db)
    expect(rows.map((row) => row.conname)).toEqual(['users_email_key', 'users_username_key'])
  })

  it("create the indexes of the items list's filters and of a user's orders", async () => {
    const { db } = testDatabase()

    const { rows } = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('items', 'orders') ORDER BY indexname`.execute(db)
    expect(rows.map((row) => row.indexname)).toEqual(['items_in_stock_idx', 'items_pkey', 'items_price_idx', 'items_tags_idx', 'orders_pkey', 'orders_user_id_idx'])
  })

  it('serve a tag filter from the GIN index', async () => {
    const { db } = testDatabase()

    // Three rows are cheaper to scan: the planner is told not to, to show the index fits the query.
    const plan = await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx)
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT * FROM items WHERE tags @> array['gadgets']::text[]`.execute(trx)
      return rows.map((row) => row['QUERY PLAN']).join('\n')
    })
    expect(plan).toContain('items_tags_idx')
  })

  it('run each migration once: a second run finds nothing to do', async () => {
    const { db } = testDatabase()

    expect(await migrateToLatest(db)).toEqual([])
  })
})
