// Chromium for the docs pages: one launch, shared by the browser tests and `npm run docs:screenshot`.
// No vitest import here, so the screenshot script can use it too.
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Locator, type Request } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Headless, and quiet: no sandbox (CI runs as root), no GPU, and none of Chromium's own calls
// home (component updates, sync, field trials), so every request seen comes from the page.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Why the browser tests cannot run here, or `undefined` when Chromium is installed. */
export function chromiumMissing (): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined
  return `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`
}

/** A headless Chromium driven by playwright-core; close it when done. */
export function launchChromium (): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** One request a page made, as the browser saw it. */
export interface RecordedRequest {
  url: string
  method: string
  resourceType: string
  /** The page it came from, `undefined` for a service worker's. */
  pageUrl: string | undefined
}

/**
 * Every request the context's pages make, from the context's `request` event and from each
 * page's own (they should agree; both are kept, so a request one of them misses still shows).
 */
export function recordRequests (context: BrowserContext): RecordedRequest[] {
  const seen = new Set<Request>()
  const requests: RecordedRequest[] = []
  const record = (request: Request) => {
    if (seen.has(request)) return
    seen.add(request)
    let pageUrl: string | undefined
    try {
      pageUrl = request.frame().url()
    } catch {
      // A service worker's request has no frame.
    }
    requests.push({ url: request.url(), method: request.method(), resourceType: request.resourceType(), pageUrl })
  }
  context.on('request', record)
  context.on('page', (page) => page.on('request', record))
  for (const page of context.pages()) page.on('request', record)
  return requests
}

/** The requests that left `origin`: anything but its own URLs and `data:`/`blob:` ones. */
export function foreignRequests (requests: RecordedRequest[], origin: string): RecordedRequest[] {
  return requests.filter(({ url }) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
}

/**
 * Swagger UI's "Try it out" on one operation block: fills the given params, executes, and
 * returns the URL it called with the status and body it shows.
 */
export async function tryItOut (operation: Locator, params: Record<string, string>, timeout: number): Promise<{ requestUrl: URL, status: string, body: string }> {
  await operation.locator('.opblock-summary').click()
  await operation.getByRole('button', { name: 'Try it out' }).click()
  for (const [name, value] of Object.entries(params)) await operation.locator(`tr[data-param-name="${name}"] input`).fill(value)
  await operation.getByRole('button', { name: 'Execute' }).click()
  const live = operation.locator('.live-responses-table')
  await live.waitFor({ timeout })
  return {
    requestUrl: new URL(await operation.locator('.request-url pre').innerText()),
    status: await live.locator('.response .response-col_status').innerText(),
    body: await live.locator('.response-col_description .highlight-code code').innerText(),
  }
}
