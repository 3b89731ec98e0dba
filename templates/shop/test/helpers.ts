import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { onTestFinished } from 'vitest'
import { buildApp } from '../app.js'
import { createDatabase, type DatabaseOptions } from '../database.js'
import { getStore } from '../dependencies.js'
import { jwt, SCOPES } from '../security.js'

/** The instant every test order is placed at. */
export const NOW = new Date('2025-01-02T03:04:05.000Z')

export interface TestAppOptions extends DatabaseOptions {
  /** Keep the app's log lines (debug and up) in `logs` instead of discarding them. */
  logs?: boolean
}

/** A pino line, parsed. */
export type LogLine = Record<string, unknown> & { msg?: string, level: number }

/**
 * The shop with its own fresh, seeded store and a fixed clock, closed when the test ends.
 * The store comes in as FastAPI's tests bring a test database: by overriding the dependency
 * (`app.dependency_overrides[get_store] = ...`). It is returned too, to check what a request
 * changed.
 */
export async function buildTestApp (options: TestAppOptions = {}) {
  const { logs: keepLogs = false, ...databaseOptions } = options
  const db = createDatabase({ now: () => NOW, ...databaseOptions })
  const logs: LogLine[] = []
  const logger = keepLogs ? { level: 'debug', stream: { write: (line: string) => { logs.push(JSON.parse(line) as LogLine) } } } : false
  // Its own folder for the items' images, removed with the app.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shop-test-'))
  const app = await buildApp({ logger, dataDir })
  onTestFinished(async () => {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  app.dependencyOverrides.set(getStore, () => db)
  return { app, db, logs, dataDir }
}

/**
 * The headers of a request made as a user: an access token signed with the shop's key, with
 * the scopes given (by default every scope, as a staff login gets).
 */
export function asUser (username: string, scopes: readonly string[] = Object.keys(SCOPES)): { authorization: string } {
  return { authorization: `Bearer ${jwt.sign({ sub: username, scope: scopes.join(' ') })}` }
}

/** The seed items as `ItemOut` answers them (no supplier_cost). */
export const PLUMBUS = { id: 1, name: 'Plumbus', description: 'A regular old plumbus', price: 6.5, tax: 0.65, tags: ['household', 'tools'], stock: 10 }
export const PORTAL_GUN = { id: 2, name: 'Portal Gun', description: null, price: 999.99, tax: 99.99, tags: ['gadgets', 'travel'], stock: 1 }
export const MEESEEKS_BOX = { id: 3, name: 'Meeseeks Box', description: 'Summons a helper for one task', price: 19.99, tax: null, tags: ['gadgets', 'household'], stock: 0 }

/** The seed users as `UserOut` answers them (no password, no hash). */
export const JOHNDOE = { id: 1, username: 'johndoe', email: 'johndoe@example.com', full_name: 'John Doe', disabled: false }
export const ALICE = { id: 2, username: 'alice', email: 'alice@example.com', full_name: 'Alice Wonderson', disabled: true }
