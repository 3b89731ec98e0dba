import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely'
import { FileMigrationProvider, Migrator, type MigrationResult } from 'kysely/migration'
import { mkdirSync, promises as fs } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { Tables } from './models/index.js'

// FastAPI's database.py: the engine. Kysely (a typed SQL query builder with a migrator) on
// PGlite, PostgreSQL compiled to WebAssembly and run in this process, so that `npm start`
// needs nothing installed; on a real PostgreSQL, through a node-postgres pool, when
// DATABASE_URL says where. The same SQL runs on both.

/** Where the shop's data lives. */
export interface DatabaseSettings {
  /**
   * `postgres://user:password@host:5432/shop`: a real PostgreSQL, through a pool of
   * connections. `memory://`: PGlite in memory, gone with the process. None: PGlite in `dataDir`.
   */
  url?: string
  /** PGlite's folder when there is no url: kept between runs, as FastAPI's SQLite file is. */
  dataDir?: string
  /** At most this many connections to PostgreSQL at once (node-postgres' `max`, 10 by default). */
  poolSize?: number
  /** More PGlite options (a test loads a prepared data folder with `loadDataDir`). */
  pglite?: PGliteOptions
  /** Told about an idle pooled connection that failed (the server restarted): the pool replaces it. */
  onPoolError?: (error: Error) => void
}

/** DATABASE_URL, DATABASE_POOL_SIZE and SHOP_DATA_DIR (PGlite then lives in its `pglite` folder). */
export function databaseSettingsFromEnv (env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  const url = env.DATABASE_URL?.trim()
  return {
    url: url === '' ? undefined : url,
    dataDir: path.join(env.SHOP_DATA_DIR ?? 'data', 'pglite'),
    poolSize: env.DATABASE_POOL_SIZE === undefined ? undefined : Number.parseInt(env.DATABASE_POOL_SIZE, 10),
  }
}

// numeric(12,2) comes back as a string by default, so that no digit is lost: prices here stay
// far below 2^53 cents, and the API speaks JSON numbers, as FastAPI's float fields do.
const parseNumeric = (value: string): number => Number.parseFloat(value)
const NUMERIC_OID = types.NUMERIC

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === NUMERIC_OID ? parseNumeric : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}

function isPostgresUrl (url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://')
}

/**
 * The database the settings name, as a Kysely instance: `db.destroy()` closes it (the pool's
 * connections, or PGlite). Nothing connects until the first query.
 */
export function createDatabase (settings: DatabaseSettings = {}): Kysely<Tables> {
  const { url } = settings
  if (url !== undefined && isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: settings.poolSize ?? 10, types: pgTypes })
    // Without a listener, an idle connection's error (the server restarted) would crash the process.
    pool.on('error', settings.onPoolError ?? ((error) => process.emitWarning(`An idle PostgreSQL connection failed: ${error.message}`)))
    return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
  }
  if (url !== undefined && url !== 'memory://') {
    throw new Error(`DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/shop) or memory:// (PGlite in memory); got ${JSON.stringify(url)}. Leave it unset to keep the data in PGlite under SHOP_DATA_DIR.`)
  }
  const dataDir = url ?? settings.dataDir ?? path.join('data', 'pglite')
  if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true })
  const pglite = new PGlite(dataDir, { ...settings.pglite, parsers: { ...settings.pglite?.parsers, [NUMERIC_OID]: parseNumeric } })
  return new Kysely<Tables>({ dialect: new PGliteDialect({ pglite }) })
}

/** What `migrateToLatest` did: each migration it ran. */
export type MigrationResults = readonly MigrationResult[]

const migrationFolder = path.join(import.meta.dirname, 'migrations')

/**
 * Runs the migrations of `migrations/` that this database has not run yet, in name order
 * (Kysely's Migrator keeps their names in `kysely_migration`, and takes a lock: two processes
 * starting at once run each migration once). Throws the first one that fails, which is rolled back.
 */
export async function migrateToLatest (db: Kysely<Tables>): Promise<MigrationResults> {
  // The schema the connection works in (`public`, or the one a `search_path` names): named, or
  // the Migrator would take another schema's `kysely_migration` table for this one's.
  const { rows: [current] } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)
  const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }), migrationTableSchema: current?.schema })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'a migration'
    throw new Error(`The database could not be migrated: ${failed} failed (${error instanceof Error ? error.message : String(error)})`, { cause: error })
  }
  return results
}
