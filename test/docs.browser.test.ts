// The docs pages in a real browser: Swagger UI and ReDoc, served by the shop on loopback, driven
// in headless Chromium. What inject cannot show: that the pages' scripts load, read the documents
// and render every operation, that "Try it out" reaches the server, and that nothing is fetched
// from anywhere else (the docs must work offline and must not leak who reads them).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest'
import { buildApp } from '../templates/shop/app.js'
import { foreignRequests, launchChromium, recordRequests, tryItOut, type RecordedRequest } from './helpers/browser.js'
import { describeInChromium } from './helpers/browser-suite.js'

const title = 'the docs pages in Chromium'

// Generous: a cold Chromium and a 1.7 MB Swagger UI bundle on a 2-core machine.
const TIMEOUT = 60_000
const RENDER_TIMEOUT = 20_000

// A 1x1 PNG, recognised by its first bytes.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6d5b80000000049454e44ae426082', 'hex')

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

interface OpenApiOperation { summary?: string, deprecated?: boolean }
interface OpenApiDocument { paths: Record<string, Record<string, OpenApiOperation>> }
interface Operation { method: string, path: string, summary: string | undefined, deprecated: boolean }

/** Every operation of a document, as `METHOD path`, in its order. */
function operationsOf (document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item)
    .filter(([method]) => HTTP_METHODS.includes(method))
    .map(([method, operation]) => ({ method: method.toUpperCase(), path, summary: operation.summary, deprecated: operation.deprecated === true })))
}

const keyOf = ({ method, path }: { method: string, path: string }) => `${method} ${path}`
const sorted = <T>(values: T[]): T[] => [...values].sort()

describeInChromium('test/docs.browser.test.ts', title, TIMEOUT, () => {
  let app: FastifyInstance
  let browser: Browser
  let origin: string
  let dataDir: string | undefined

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'shop-browser-'))
    app = await buildApp({ logger: false, dataDir })
    origin = await app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchChromium()
  }, TIMEOUT)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  })

  async function documentAt (path: string): Promise<OpenApiDocument> {
    const res = await fetch(`${origin}${path}`)
    expect(res.status, path).toBe(200)
    return await res.json() as OpenApiDocument
  }

  /** A fresh context (no cache, no storage) with every request it makes recorded; closed after the test. */
  async function open (path: string): Promise<{ page: Page, requests: RecordedRequest[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    onTestFinished(() => context.close())
    const requests = recordRequests(context)
    const page = await context.newPage()
    const res = await page.goto(`${origin}${path}`)
    expect(res?.status(), path).toBe(200)
    return { page, requests }
  }

  function expectAllLocal (requests: RecordedRequest[]): void {
    expect(requests.length).toBeGreaterThan(0)
    const foreign = foreignRequests(requests, origin).map(({ method, url, resourceType, pageUrl }) => `${method} ${url} (${resourceType}, from ${pageUrl})`)
    expect(foreign, `requests that left ${origin}`).toEqual([])
  }

  /** The operations Swagger UI shows, as `METHOD path`, once it shows any; tag sections opened first. */
  async function swaggerUiOperations (page: Page): Promise<string[]> {
    try {
      await page.locator('.opblock').first().waitFor({ timeout: RENDER_TIMEOUT })
    } catch {
      const shown = await page.locator('#swagger-ui').innerText()
      throw new Error(`Swagger UI at ${page.url()} shows no operation after ${RENDER_TIMEOUT} ms; the page reads: ${JSON.stringify(shown)}`)
    }
    // A collapsed tag (docExpansion 'none', or clicked shut) does not render its operations.
    for (const tag of await page.locator('.opblock-tag-section:not(.is-open) .opblock-tag').all()) await tag.click()
    // The path's text breaks with <wbr>; data-path holds it whole (deprecated ones too).
    return page.locator('.opblock').evaluateAll((blocks) => blocks.map((block) =>
      `${block.querySelector('.opblock-summary-method')?.textContent} ${block.querySelector('[data-path]')?.getAttribute('data-path')}`))
  }

  it('lists every operation of /openapi.json on /docs', async () => {
    const expected = operationsOf(await documentAt('/openapi.json'))
    expect(expected.length).toBeGreaterThan(20)
    const { page, requests } = await open('/docs')

    const shown = await swaggerUiOperations(page)
    expect(sorted(shown)).toEqual(sorted(expected.map(keyOf)))
    expectAllLocal(requests)
  })

  it('runs "Try it out" on GET /items/ and shows the response the server gives', async () => {
    const { page, requests } = await open('/docs')
    await swaggerUiOperations(page)
    const operation = page.locator('.opblock')
      .filter({ has: page.locator('[data-path="/items/"]') })
      .filter({ has: page.locator('.opblock-summary-method', { hasText: /^GET$/ }) })
    await expect.poll(() => operation.count()).toBe(1)

    const { requestUrl, status, body } = await tryItOut(operation, { limit: '2' }, RENDER_TIMEOUT)
    expect(requestUrl.origin).toBe(origin)
    expect(requestUrl.pathname).toBe('/items/')
    expect(requestUrl.searchParams.get('limit')).toBe('2')

    const direct = await fetch(requestUrl)
    const directBody: unknown = await direct.json()
    expect(Number(status), body).toBe(direct.status)
    expect(JSON.parse(body)).toEqual(directBody)
    expect(directBody).toHaveLength(2)
    expectAllLocal(requests)
  })

  it('uploads a file with Swagger UI\'s file picker: PUT /items/{item_id}/image, then GET serves it back', async () => {
    const { page, requests } = await open('/docs')
    await swaggerUiOperations(page)
    const operation = page.locator('.opblock')
      .filter({ has: page.locator('[data-path="/items/{item_id}/image"]') })
      .filter({ has: page.locator('.opblock-summary-method', { hasText: /^PUT$/ }) })
    await expect.poll(() => operation.count()).toBe(1)
    await operation.locator('.opblock-summary').click()
    await operation.getByRole('button', { name: 'Try it out' }).click()
    await operation.locator('tr[data-param-name="item_id"] input').fill('1')
    // The body's file field: Swagger UI shows a file input for `contentMediaType: application/octet-stream`.
    const picker = operation.locator('.opblock-section-request-body input[type="file"]')
    await picker.waitFor({ timeout: RENDER_TIMEOUT })
    await picker.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG })
    await operation.getByRole('button', { name: 'Execute' }).click()
    const live = operation.locator('.live-responses-table')
    await live.waitFor({ timeout: RENDER_TIMEOUT })
    const status = await live.locator('.response .response-col_status').innerText()
    const body = await live.locator('.response-col_description .highlight-code code').innerText()
    expect(Number(status), body).toBe(200)
    expect(JSON.parse(body)).toEqual({ item_id: 1, content_type: 'image/png', size: PNG.length })

    const image = await fetch(`${origin}/items/1/image`)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG)
    expectAllLocal(requests)
  })

  it('renders every operation in the ReDoc menu at /redoc', async () => {
    const expected = operationsOf(await documentAt('/openapi.json'))
    const { page, requests } = await open('/redoc')
    // Present but hidden until their tag is opened in the menu.
    const menuOperations = page.locator('.menu-content li[data-item-id*="operation/"]')
    await menuOperations.first().waitFor({ state: 'attached', timeout: RENDER_TIMEOUT })

    // A menu label is the method's badge then the summary.
    const summaries = await menuOperations.evaluateAll((items) => items.map((item) => {
      const label = item.querySelector('label')?.cloneNode(true) as HTMLElement | undefined
      label?.querySelector('.operation-type')?.remove()
      return label?.textContent?.trim()
    }))
    expect(sorted(summaries)).toEqual(sorted(expected.map(({ summary }) => summary)))
    expect(summaries).toEqual(expect.arrayContaining(['List items', 'Place an order', 'Read the current user', 'Root']))
    await expect.poll(() => page.getByRole('heading', { name: 'Place an order' }).count()).toBe(1)
    await page.waitForLoadState('networkidle')
    expectAllLocal(requests)
  })

  it('shows only the v1 operations, deprecated, on /v1/docs, with v1 chosen in the selector', async () => {
    const expected = operationsOf(await documentAt('/v1/openapi.json'))
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.every(({ path }) => path.startsWith('/v1/'))).toBe(true)
    const { page, requests } = await open('/v1/docs')

    expect(sorted(await swaggerUiOperations(page))).toEqual(sorted(expected.map(keyOf)))
    const deprecated = await page.locator('.opblock.opblock-deprecated').count()
    expect(deprecated).toBe(expected.filter((operation) => operation.deprecated).length)
    const selector = page.locator('.topbar select')
    expect(await selector.locator('option').allInnerTexts()).toEqual(['all', 'v1', 'v2'])
    expect(await selector.inputValue()).toBe('/v1/openapi.json')
    expectAllLocal(requests)
  })

  it('offers all, v1 and v2 in the version selector of /docs, and switches to v2', async () => {
    const { page, requests } = await open('/docs')

    const selector = page.locator('.topbar select')
    try {
      await selector.waitFor({ timeout: RENDER_TIMEOUT })
    } catch {
      const shown = await page.locator('#swagger-ui').innerText()
      throw new Error(`/docs has no version selector (.topbar select) after ${RENDER_TIMEOUT} ms; the page reads: ${JSON.stringify(shown)}`)
    }
    expect(await selector.locator('option').allInnerTexts()).toEqual(['all', 'v1', 'v2'])
    expect(await selector.inputValue()).toBe('/openapi.json')

    const v2 = sorted(operationsOf(await documentAt('/v2/openapi.json')).map(keyOf))
    await selector.selectOption({ label: 'v2' })
    await expect.poll(async () => sorted(await swaggerUiOperations(page)), { timeout: RENDER_TIMEOUT }).toEqual(v2)
    expectAllLocal(requests)
  })

  it('loads /docs, /v1/docs and /redoc with no request leaving the server', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    onTestFinished(() => context.close())
    const requests = recordRequests(context)
    const page = await context.newPage()
    for (const [path, rendered] of [['/docs', '#swagger-ui .swagger-ui'], ['/v1/docs', '.opblock'], ['/redoc', '.menu-content']] as const) {
      await page.goto(`${origin}${path}`)
      await page.locator(rendered).first().waitFor({ timeout: RENDER_TIMEOUT })
      // ReDoc adds images after its first render: wait until the page stops asking.
      await page.waitForLoadState('networkidle')
    }
    const pages = new Set(requests.map(({ pageUrl }) => pageUrl === undefined ? undefined : new URL(pageUrl).pathname))
    for (const path of ['/docs', '/v1/docs', '/redoc']) expect(pages.has(path), `requests from ${path}`).toBe(true)
    expectAllLocal(requests)
  })
})
