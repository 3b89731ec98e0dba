import { defineConfig } from 'vitest/config'

// The suite Stryker runs against each mutant: the unit and behaviour tests of the core, with
// the package's "source" condition as in vitest.config.ts. Left out: the browser, the
// published package and the templates (they build, pack or start Chromium: slow, and they
// reach the core only through what the tests here already cover).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    root: '../..',
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'test/**/*.browser.test.ts', 'test/package.*.test.ts', '**/node_modules/**'],
  },
})
