// Global setup of the `shop:pglite` project: one PGlite is created and migrated here, once,
// and its data folder saved; each test file then starts its own PGlite from that folder,
// skipping initdb and the migrations (seconds each on a busy machine).
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect } from 'kysely'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../../database.js'
import type { Tables } from '../../models/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tar of a migrated PGlite data folder (setup/pglite.ts). */
    shopPgliteDataDir: string
  }
}

export default async function setup (project: TestProject): Promise<() => void> {
  const pglite = new PGlite()
  const db = new Kysely<Tables>({ dialect: new PGliteDialect({ pglite }) })
  try {
    await migrateToLatest(db)
    const dump = await pglite.dumpDataDir('none')
    const folder = mkdtempSync(path.join(tmpdir(), 'shop-pglite-'))
    const file = path.join(folder, 'migrated.tar')
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
    project.provide('shopPgliteDataDir', file)
    return () => rmSync(folder, { recursive: true, force: true })
  } finally {
    await db.destroy()
  }
}
