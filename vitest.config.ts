import { defineConfig } from 'vitest/config'

export default defineConfig({
  // "source" resolves the package's own name to its TypeScript sources, so tests and
  // templates import 'fastify-fastapi' exactly as a user does, with no build step.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts', 'templates/**/*.test.ts'],
    exclude: ['test/bench/**', '**/node_modules/**'],
    pool: 'forks',
  },
})
