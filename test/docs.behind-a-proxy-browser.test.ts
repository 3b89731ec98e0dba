// FastAPI's "Behind a Proxy", "Testing locally with Traefik", in a real browser: a proxy on
// loopback serves the app under /api/v1 and strips the prefix (Traefik's stripPrefix). Through
// the proxy, /api/v1/docs must load Swagger UI, fetch /api/v1/openapi.json and run "Try it
// out" against /api/v1/items/, which inject cannot show.
import { request as forward, createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { foreignRequests, launchChromium, recordRequests, tryItOut } from './helpers/browser.js'
import { describeInChromium } from './helpers/browser-suite.js'

const title = 'the docs behind a proxy, in Chromium'

const TIMEOUT = 60_000
const RENDER_TIMEOUT = 20_000
const PREFIX = '/api/v1'

/** A proxy that serves `target` under PREFIX, stripping it, as Traefik's stripPrefix does. */
async function strippingProxy (target: string, sendPrefix: boolean): Promise<{ origin: string, close: () => Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    const url = incoming.url ?? '/'
    if (url !== PREFIX && !url.startsWith(`${PREFIX}/`) && !url.startsWith(`${PREFIX}?`)) {
      outgoing.writeHead(404).end()
      return
    }
    const headers = { ...incoming.headers, 'x-forwarded-proto': 'http', ...(sendPrefix ? { 'x-forwarded-prefix': PREFIX } : {}) }
    const upstream = forward(`${target}${url.slice(PREFIX.length) || '/'}`, { method: incoming.method, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(outgoing)
    })
    upstream.on('error', () => outgoing.writeHead(502).end())
    incoming.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

async function itemsApp (rootPath: string | undefined, trustProxy: boolean): Promise<FastifyInstance> {
  const app = await buildApp(rootPath === undefined ? {} : { rootPath }, { trustProxy })
  app.api.get('/items/', {
    query: z.object({ limit: z.coerce.number().int().default(10) }),
    summary: 'Read items',
  }, ({ query }) => ['plumbus', 'portal gun', 'meeseeks box'].slice(0, query.limit))
  return app
}

describeInChromium('test/docs.behind-a-proxy-browser.test.ts', title, TIMEOUT, () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium()
  }, TIMEOUT)

  afterAll(async () => {
    await browser?.close()
  })

  // rootPath: the app is told (FastAPI's --root-path); X-Forwarded-Prefix: the proxy says it.
  for (const [how, rootPath, sendPrefix] of [['rootPath', PREFIX, false], ['X-Forwarded-Prefix', undefined, true]] as const) {
    it(`runs "Try it out" from ${PREFIX}/docs through the proxy (${how})`, async () => {
      const app = await itemsApp(rootPath, sendPrefix)
      const target = await app.listen({ port: 0, host: '127.0.0.1' })
      const proxy = await strippingProxy(target, sendPrefix)
      onTestFinished(() => proxy.close())
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      onTestFinished(() => context.close())
      const requests = recordRequests(context)
      const page = await context.newPage()

      const res = await page.goto(`${proxy.origin}${PREFIX}/docs`)
      expect(res?.status()).toBe(200)
      const operation = page.locator('.opblock').filter({ has: page.locator('[data-path="/items/"]') })
      try {
        await operation.waitFor({ timeout: RENDER_TIMEOUT })
      } catch {
        const shown = await page.locator('#swagger-ui').innerText()
        throw new Error(`Swagger UI through the proxy shows no GET /items/ after ${RENDER_TIMEOUT} ms; the page reads: ${JSON.stringify(shown)}`)
      }
      // The servers dropdown offers the root path, which Swagger UI prefixes to every request.
      expect(await page.locator('.servers select option').allInnerTexts()).toEqual([PREFIX])

      const { requestUrl, status, body } = await tryItOut(operation, { limit: '2' }, RENDER_TIMEOUT)
      expect(requestUrl.origin).toBe(proxy.origin)
      expect(requestUrl.pathname).toBe(`${PREFIX}/items/`)
      expect(status, body).toBe('200')
      expect(JSON.parse(body)).toEqual(['plumbus', 'portal gun'])
      // Every file and the document came through the proxy, under the prefix.
      const paths = requests.map(({ url }) => new URL(url).pathname)
      expect(paths.filter((path) => !path.startsWith(`${PREFIX}/`))).toEqual([])
      expect(paths).toEqual(expect.arrayContaining([`${PREFIX}/openapi.json`, `${PREFIX}/docs/static/swagger-ui-bundle.js`]))
      expect(foreignRequests(requests, proxy.origin)).toEqual([])
    })
  }
})
