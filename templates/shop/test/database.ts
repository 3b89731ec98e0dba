// The database of one test file: a PGlite of its own (`shop:pglite`), or a schema of its own in
// PostgreSQL's `test` database (`shop:postgres`), so that files run in parallel without seeing
// each other. Tests of a file share it, each starting from the seed (`resetDatabase`).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { inject } from 'vitest'
import { createDatabase, migrateToLatest } from '../database.js'
import type { Tables } from '../models/index.js'
import { seedDatabase } from '../seed.js'
import { testDatabaseUrl } from './database-url.js'

/** The engine this run tests on: the vitest project sets it (vitest.config.ts). */
export const TEST_ENGINE = process.env.SHOP_TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite'

/** A database of the test's own, and how to be rid of it. */
interface Owned<TValue> {
  value: TValue
  drop (): Promise<void>
}

// A new schema in the test database, named from the run, the process and chance (no two files,
// runs or machines collide), and the URL whose connections work in it: node-postgres passes
// `options` on. The run's global setup drops it once every file is done (setup/postgres.ts).
async function ownSchema (): Promise<string> {
  const schema = `${inject('shopSchemaPrefix')}${process.pid}_${randomBytes(4).toString('hex')}`
  const client = new pg.Client({ connectionString: testDatabaseUrl() })
  await client.connect()
  try { await client.query(`CREATE SCHEMA ${schema}`) } finally { await client.end() }
  const url = new URL(testDatabaseUrl())
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}

// The migrated PGlite data folder the project's global setup saved (setup/pglite.ts), as a tar.
function migratedPglite (): string {
  return inject('shopPgliteDataDir')
}

export interface TestDatabase {
  db: Kysely<Tables>
  close (): Promise<void>
}

/** The test file's database, migrated. */
export async function openTestDatabase (): Promise<TestDatabase> {
  if (TEST_ENGINE === 'pglite') {
    const db = createDatabase({ url: 'memory://', pglite: { loadDataDir: new Blob([readFileSync(migratedPglite())]) } })
    return { db, close: () => db.destroy() }
  }
  const db = createDatabase({ url: await ownSchema(), poolSize: 20 })
  await migrateToLatest(db)
  return {
    db,
    async close () {
      await db.destroy()
    },
  }
}

/**
 * The environment that gives another process (main.ts, `npm start`) a database of its own:
 * DATABASE_URL in a new schema, or SHOP_DATA_DIR holding a migrated PGlite folder (made from
 * the saved one: PGlite's initdb takes seconds).
 */
export async function databaseForProcess (): Promise<Owned<Record<string, string>>> {
  if (TEST_ENGINE === 'postgres') {
    // Its schema is dropped with the run's (setup/postgres.ts).
    return { value: { DATABASE_URL: await ownSchema() }, drop: async () => undefined }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shop-data-'))
  mkdirSync(path.join(dataDir, 'pglite'))
  execFileSync('tar', ['-xf', migratedPglite(), '-C', path.join(dataDir, 'pglite')], { stdio: 'ignore' })
  // DATABASE_URL emptied: one set around the tests (memory://) would win over the folder.
  return { value: { SHOP_DATA_DIR: dataDir, DATABASE_URL: '' }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }
}

/** Empties every table, restarts the ids at 1, and seeds (unless told not to): each test starts from the same rows. */
export async function resetDatabase (db: Kysely<Tables>, seed = true): Promise<void> {
  await sql`TRUNCATE order_lines, orders, items, users RESTART IDENTITY CASCADE`.execute(db)
  if (seed) await seedDatabase(db)
}
