// Global setup of the `shop:postgres` project: PostgreSQL's `test` database must exist (the
// machines of this project have it; a fresh cluster may not). Each test file then makes its
// own schema in it (test/database.ts), named after this run; the schemas are dropped here once
// every file is done. Not at each file's end: Kysely's Migrator looks at every schema's tables,
// and a schema dropped by one file while another migrates fails that migration.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { testDatabaseUrl } from '../database-url.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The prefix of this run's schemas (setup/postgres.ts). */
    shopSchemaPrefix: string
  }
}

const DUPLICATE_DATABASE = '42P04'

export default async function setup (project: TestProject): Promise<() => Promise<void>> {
  const prefix = `shop_test_${randomBytes(4).toString('hex')}_`
  project.provide('shopSchemaPrefix', prefix)
  await ensureTestDatabase()
  return () => dropSchemas(prefix)
}

async function ensureTestDatabase (): Promise<void> {
  const url = new URL(testDatabaseUrl())
  const name = decodeURIComponent(url.pathname.slice(1))
  url.pathname = '/postgres'
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== DUPLICATE_DATABASE) throw error
      })
    }
  } finally {
    await client.end()
  }
}

async function dropSchemas (prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() })
  await client.connect()
  try {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [prefix])
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`)
  } finally {
    await client.end()
  }
}
