// `npm run docs:screenshot`: serves the shop on loopback, opens its docs in headless Chromium
// (the launch the browser tests use) and writes docs/images/swagger-ui.png and redoc.png.
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { buildApp } from '../templates/shop/app.js'
import { chromiumMissing, launchChromium } from '../test/helpers/browser.js'

const IMAGES = fileURLToPath(new URL('../docs/images/', import.meta.url))
const VIEWPORT = { width: 1280, height: 900 }
const RENDER_TIMEOUT = 30_000

async function swaggerUi (page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/docs`)
  await rendered(page, '.opblock', 'Swagger UI at /docs')
  // One operation open, its parameters and responses showing: the page at work, not a list.
  const operation = page.locator('.opblock')
    .filter({ has: page.locator('[data-path="/items/{item_id}"]') })
    .filter({ has: page.locator('.opblock-summary-method', { hasText: /^GET$/ }) })
    .first()
  await operation.locator('.opblock-summary').click()
  await operation.locator('.opblock-body').waitFor()
  // No focus ring on the summary just clicked.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.screenshot({ path: `${IMAGES}swagger-ui.png` })
}

async function redoc (page: Page, origin: string): Promise<void> {
  // An operation's anchor: its parameters in the middle, its response sample on the right.
  await page.goto(`${origin}/redoc#tag/items/operation/items__item_id__get`)
  await rendered(page, '[id="tag/items/operation/items__item_id__get"]', 'ReDoc at /redoc')
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: `${IMAGES}redoc.png` })
}

async function rendered (page: Page, selector: string, what: string): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ state: 'attached', timeout: RENDER_TIMEOUT })
  } catch {
    const shown = (await page.locator('body').innerText()).slice(0, 300)
    throw new Error(`${what} did not render ${selector} in ${RENDER_TIMEOUT} ms; the page reads: ${JSON.stringify(shown)}`)
  }
}

const missing = chromiumMissing()
if (missing !== undefined) {
  console.error(missing)
  process.exit(1)
}

const app = await buildApp({ logger: false })
const browser = await launchChromium()
try {
  const origin = await app.listen({ port: 0, host: '127.0.0.1' })
  await mkdir(IMAGES, { recursive: true })
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })
  const page = await context.newPage()
  await swaggerUi(page, origin)
  await redoc(page, origin)
  console.log(`wrote ${IMAGES}swagger-ui.png and ${IMAGES}redoc.png`)
} finally {
  await browser.close()
  await app.close()
}
