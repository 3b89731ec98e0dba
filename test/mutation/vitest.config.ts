import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The tests Stryker runs against a group's mutants (scripts/mutation.mjs sets MUTATION_TESTS).
// Stryker runs them in a copy of the repo (its sandbox), where the package's name does not
// resolve to that copy by itself: each export is aliased to its TypeScript source there.
const root = fileURLToPath(new URL('../..', import.meta.url))
const tests = process.env.MUTATION_TESTS?.split(',') ?? ['test/**/*.test.ts']
const { name, exports } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string, exports: Record<string, { source?: string }> }
const alias = Object.entries(exports)
  .filter(([, target]) => typeof target === 'object' && target.source !== undefined)
  .map(([subpath, target]) => ({ find: new RegExp(`^${name}${subpath.slice(1).replace('/', '\\/')}$`), replacement: `${root}${target.source?.slice(2)}` }))

export default defineConfig({
  resolve: { alias },
  test: {
    root,
    include: tests,
    // One failing test kills a mutant: stop there, rather than wait out every test a mutant hangs.
    bail: 1,
    // One module graph for the group's files, not one per file: a run takes a third of the time
    // (importing Fastify per file was most of it), and the files keep no state between them.
    isolate: false,
    exclude: ['test/bench/**', 'test/**/*.browser.test.ts', 'test/package.*.test.ts', '**/node_modules/**'],
  },
})
