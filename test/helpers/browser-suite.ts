// The describe() of a browser test: where Chromium is missing it is skipped with a warning,
// except under CI=true (.ci/run installs Chromium), where the suite fails at its start.
import { beforeAll, describe } from 'vitest'
import { chromiumMissing } from './browser.js'

export function describeInChromium (file: string, title: string, timeout: number, body: () => void): void {
  const missing = chromiumMissing()
  const skip = missing !== undefined && process.env.CI !== 'true'
  if (skip) console.warn(`${file} skipped: ${missing}`)
  describe.skipIf(skip)(skip ? `${title} (skipped: ${missing})` : title, { timeout }, () => {
    beforeAll(() => {
      if (missing !== undefined) throw new Error(`${missing}; CI=true, so the browser tests must run`)
    })
    body()
  })
}
