// The docs pages under SecurityHeadersMiddleware's Content-Security-Policy, in a real browser:
// helmet's default policy allows scripts from this server only, and Swagger UI's and ReDoc's
// pages each start with an inline script. Chromium must run those (allowed by their hashes on
// the docs replies alone), render the operations, and report no CSP violation at all.
import Fastify, { type FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { launchChromium } from './helpers/browser.js'
import { describeInChromium } from './helpers/browser-suite.js'

const title = 'the docs pages under the security headers, in Chromium'

const TIMEOUT = 60_000
const RENDER_TIMEOUT = 20_000

const Item = z.object({ name: z.string(), price: z.number() }).meta({ id: 'Item' })

describeInChromium('test/middleware.security-headers-browser.test.ts', title, TIMEOUT, () => {
  let app: FastifyInstance
  let browser: Browser
  let origin: string

  beforeAll(async () => {
    app = Fastify()
    await app.register(fastapi, { docs: { title: 'Secured Shop', version: '1.0.0' }, securityHeaders: {} })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number().int() }), response: Item, summary: 'Read an item' }, ({ params }) => ({ name: `Item ${params.item_id}`, price: 1 }))
    app.api.post('/items/', { body: Item, response: Item, summary: 'Create an item' }, ({ body }) => body)
    origin = await app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchChromium()
  }, TIMEOUT)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  /** A fresh page on `path`, with every CSP violation and console error it reports collected. */
  async function open (path: string): Promise<{ page: Page, violations: string[], csp: string | undefined }> {
    const context = await browser.newContext()
    onTestFinished(() => context.close())
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`console ${message.type()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => violations.push(`page error: ${error.message}`))
    await page.exposeFunction('reportViolation', (text: string) => { violations.push(text) })
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI}`)
      })
    })
    const res = await page.goto(`${origin}${path}`)
    expect(res?.status(), path).toBe(200)
    return { page, violations, csp: res?.headers()['content-security-policy'] }
  }

  it('serves /docs under a Content-Security-Policy that allows scripts from this server only, plus the page\'s own', async () => {
    const res = await fetch(`${origin}/docs`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/)
    expect(csp).not.toContain('unsafe-inline\' \'sha256')
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/)
    // Any other route keeps helmet's policy as it is.
    const other = await fetch(`${origin}/openapi.json`)
    expect(other.headers.get('content-security-policy')).toMatch(/script-src 'self';/)
  })

  it('renders the operations in Swagger UI at /docs with no CSP violation', async () => {
    const { page, violations, csp } = await open('/docs')
    expect(csp).toContain("default-src 'self'")
    await page.locator('.opblock').first().waitFor({ timeout: RENDER_TIMEOUT })
    const paths = await page.locator('.opblock [data-path]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-path')))
    expect(paths.sort()).toEqual(['/items/', '/items/{item_id}'])
    await page.waitForLoadState('networkidle')
    expect(violations).toEqual([])
  })

  it('renders the title and operations in ReDoc at /redoc with no CSP violation', async () => {
    const { page, violations, csp } = await open('/redoc')
    expect(csp).toContain("default-src 'self'")
    // ReDoc's search runs in a worker made from a blob: allowed on this page only.
    expect(csp).toContain("worker-src 'self' blob:")
    await page.getByRole('heading', { name: /Secured Shop/ }).first().waitFor({ timeout: RENDER_TIMEOUT })
    await page.locator('.menu-content li[data-item-id*="operation/"]').first().waitFor({ state: 'attached', timeout: RENDER_TIMEOUT })
    await page.waitForLoadState('networkidle')
    expect(violations).toEqual([])
  })
})
