import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// The shop's tests on PGlite, what `npm start` runs (each test file on a PGlite of its own,
// made from one migrated copy); `SHOP_TEST_DATABASE=postgres npm test` runs them on PostgreSQL
// (TEST_DATABASE_URL, or 127.0.0.1:5432's database `test`), each file in a schema of its own.
// In the fastify-fastapi repo, its own vitest.config.ts runs them on both.
const engine = process.env.SHOP_TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite'

export default defineConfig({
  test: {
    pool: 'forks',
    // At least two files at once: they wait on the database and on sockets, and vitest's
    // default (one worker fewer than the cores) is one file at a time on a two-core machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: { SHOP_TEST_DATABASE: engine },
    globalSetup: [`test/setup/${engine}.ts`],
  },
})
