// Global setup of the `shop:postgres` project: PostgreSQL's `test` database must exist (the
// machines of this project have it; a fresh cluster may not). Each test file then makes its
// own schema in it (test/database.ts).
import pg from 'pg'
import { testDatabaseUrl } from '../database-url.js'

const DUPLICATE_DATABASE = '42P04'

export default async function setup (): Promise<void> {
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
