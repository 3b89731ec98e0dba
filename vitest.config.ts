import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

const shopTests = ['templates/shop/test/**/*.test.ts']

export default defineConfig({
  // "source" resolves the package's own name to its TypeScript sources, so tests and
  // templates import 'fastify-fastapi' exactly as a user does, with no build step.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a two-core CI machine. Most
    // test files wait on sockets, PostgreSQL, Redis, child processes and timers rather than
    // the CPU, so two run side by side even there; each has its own database, Redis prefix and ports.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The library's tests, and the shop's twice: on PGlite (what `npm start` runs) and on a
    // real PostgreSQL (127.0.0.1:5432, database `test`), each test file on a database of its own.
    projects: [
      {
        extends: true,
        test: {
          name: 'library',
          // The library's test files share each worker's modules (zod, Fastify, the sources):
          // evaluating them again for every file was most of the suite's time. Each file builds
          // its own apps and cleans up after itself, so nothing of one is seen by the next.
          isolate: false,
          include: ['test/**/*.test.ts', 'templates/**/*.test.ts'],
          exclude: ['test/bench/**', 'templates/shop/**', '**/node_modules/**'],
          // The docs tests serve the shop: on a PGlite in memory, not in a folder of the checkout.
          env: { DATABASE_URL: 'memory://' },
        },
      },
      {
        extends: true,
        test: { name: 'shop:pglite', include: shopTests, env: { SHOP_TEST_DATABASE: 'pglite' }, globalSetup: ['templates/shop/test/setup/pglite.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'shop:postgres',
          include: shopTests,
          // Password hashing reads no database: once is enough.
          exclude: ['templates/shop/test/utils.passwords.test.ts'],
          env: { SHOP_TEST_DATABASE: 'postgres' },
          globalSetup: ['templates/shop/test/setup/postgres.ts'],
        },
      },
    ],
  },
})
