// `npm run db:migrate` and `npm run db:seed`: the database's chores from the command line
// (FastAPI projects run `alembic upgrade head` and a seed script). On DATABASE_URL, or on
// PGlite under SHOP_DATA_DIR, as the app itself would be: stop the app first when it runs on
// PGlite, which one process at a time may open.
import { createDatabase, databaseSettingsFromEnv, migrateToLatest } from './database.js'
import { seedIfEmpty } from './seed.js'

const COMMANDS = {
  /** Runs the migrations the database has not run yet. */
  async migrate (db) {
    const results = await migrateToLatest(db)
    return results.length === 0 ? 'The database is up to date.' : results.map((result) => `Ran ${result.migrationName}`).join('\n')
  },
  /** Migrates, then puts the demo's items and users in a database that has no users yet. */
  async seed (db) {
    await migrateToLatest(db)
    return await seedIfEmpty(db) ? 'Seeded the demo items and users.' : 'The database has users already: nothing seeded.'
  },
} satisfies Record<string, (db: ReturnType<typeof createDatabase>) => Promise<string>>

const name = process.argv[2]
if (name === undefined || !Object.hasOwn(COMMANDS, name)) {
  process.stderr.write(`Usage: manage.ts <${Object.keys(COMMANDS).join('|')}>\n`)
  process.exit(2)
}
const db = createDatabase(databaseSettingsFromEnv())
try {
  process.stdout.write(`${await COMMANDS[name as keyof typeof COMMANDS](db)}\n`)
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
} finally {
  await db.destroy()
}
