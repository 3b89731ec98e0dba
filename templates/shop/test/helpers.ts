import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { createClient } from 'fastify-fastapi/client'
import { afterAll, beforeAll, onTestFinished } from 'vitest'
import { buildApp } from '../app.js'
import type { router as itemsRouter } from '../routers/items.js'
import { getClock, getDatabase } from '../dependencies.js'
import type { Tables } from '../models/index.js'
import { jwt, SCOPES } from '../security.js'
import { openTestDatabase, resetDatabase, type TestDatabase } from './database.js'

/** The instant every test order is placed at. */
export const NOW = new Date('2025-01-02T03:04:05.000Z')

// One database per test file, opened before its first test (starting PGlite takes seconds on a
// busy machine) and closed after its last.
let database: TestDatabase | undefined
beforeAll(async () => {
  database = await openTestDatabase()
  // The first statements of a fresh PGlite are slow (WebAssembly warming up): here, not in a test.
  await resetDatabase(database.db)
}, 120_000)
afterAll(async () => { await database?.close() })

/** The test file's database (see test/database.ts). */
export function testDatabase (): TestDatabase {
  if (database === undefined) throw new Error('The test database opens in a beforeAll hook of helpers.ts: use it from a test.')
  return database
}

export interface TestAppOptions {
  /** Keep the app's log lines (debug and up) in `logs` instead of discarding them. */
  logs?: boolean
  /** Start from the seed's items and users (default), or from empty tables. */
  seed?: boolean
  /** The shop's Redis (buildApp's `redisUrl`): its limits, keys, jobs, rooms and refresh tokens there. */
  redisUrl?: string
}

/** A pino line, parsed. */
export type LogLine = Record<string, unknown> & { msg?: string, level: number }

/**
 * The shop on the test file's database, reset to the seed, with a fixed clock, closed when the
 * test ends. The database comes in as FastAPI's tests bring a test database: by overriding
 * the dependency (`app.dependency_overrides[get_db] = ...`). It is returned too, to check
 * what a request changed.
 */
export async function buildTestApp (options: TestAppOptions = {}) {
  const { logs: keepLogs = false, seed = true, redisUrl } = options
  const { db } = testDatabase()
  await resetDatabase(db, seed)
  const logs: LogLine[] = []
  const logger = keepLogs ? { level: 'debug', stream: { write: (line: string) => { logs.push(JSON.parse(line) as LogLine) } } } : false
  // Its own folder for the items' images, removed with the app.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shop-test-'))
  const app = await buildApp({ logger, dataDir, ...(redisUrl === undefined ? {} : { redisUrl }) })
  onTestFinished(async () => {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  app.dependencyOverrides.set(getDatabase, () => db)
  app.dependencyOverrides.set(getClock, () => () => NOW)
  return { app, db, logs, dataDir }
}

/** A row of the items table as stored (with its supplier_cost), or undefined. */
export async function itemRow (db: Kysely<Tables>, itemId: number) {
  return await db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst()
}

/** How many rows a table has. */
export async function countRows (db: Kysely<Tables>, table: keyof Tables): Promise<number> {
  const { count } = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()
  return Number(count)
}

/**
 * The headers of a request made as a user: an access token signed with the shop's key, with
 * the scopes given (by default every scope, as a staff login gets).
 */
export function asUser (username: string, scopes: readonly string[] = Object.keys(SCOPES)): { authorization: string } {
  return { authorization: `Bearer ${jwt.sign({ sub: username, scope: scopes.join(' ') })}` }
}

/**
 * A typed client of the items router over `app.inject` (no socket): paths, params and bodies
 * checked against the routes, answers typed by status. `headers` go with every call (`asUser(...)`).
 */
export function itemsClient (app: FastifyInstance, headers: Record<string, string> = {}) {
  return createClient<typeof itemsRouter>({ app, headers })
}

/** The seed items as `ItemOut` answers them (no supplier_cost). */
export const PLUMBUS = { id: 1, name: 'Plumbus', description: 'A regular old plumbus', price: 6.5, tax: 0.65, tags: ['household', 'tools'], stock: 10 }
export const PORTAL_GUN = { id: 2, name: 'Portal Gun', description: null, price: 999.99, tax: 99.99, tags: ['gadgets', 'travel'], stock: 1 }
export const MEESEEKS_BOX = { id: 3, name: 'Meeseeks Box', description: 'Summons a helper for one task', price: 19.99, tax: null, tags: ['gadgets', 'household'], stock: 0 }

/** The seed users as `UserOut` answers them (no password, no hash). */
export const JOHNDOE = { id: 1, username: 'johndoe', email: 'johndoe@example.com', full_name: 'John Doe', disabled: false }
export const ALICE = { id: 2, username: 'alice', email: 'alice@example.com', full_name: 'Alice Wonderson', disabled: true }
