// SecurityHeadersMiddleware: @fastify/helmet's headers on every response (routes, errors,
// the docs), helmet's options to change them, checked at registration. The docs pages keep
// helmet's strict Content-Security-Policy and add only the hashes of their own inline script
// (and, for ReDoc, a blob: worker), on their own replies.
import { createHash } from 'node:crypto'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi } from 'fastify-fastapi'
import { SecurityHeadersMiddleware, type SecurityHeadersOptions } from 'fastify-fastapi/middleware'
import { appWith } from './helpers/middleware.js'

const HELMET_CSP = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests"

/** The sha256 source of a page's one inline script (the `<script>` without `src`). */
function inlineScriptHash (html: string): string {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1]
  expect(script, 'the page has an inline script').toBeDefined()
  return `'sha256-${createHash('sha256').update(script as string).digest('base64')}'`
}

describe('SecurityHeadersMiddleware', () => {
  it('adds helmet\'s headers to a route and to a 404', async () => {
    const app = await appWith(SecurityHeadersMiddleware, {})
    for (const url of ['/', '/nope']) {
      const res = await app.inject(url)
      expect(res.headers['content-security-policy'], url).toBe(HELMET_CSP)
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin')
      expect(res.headers['x-powered-by']).toBeUndefined()
    }
  })

  it('takes helmet\'s options: a header changed, another left out', async () => {
    const options: SecurityHeadersOptions = { strictTransportSecurity: { maxAge: 63_072_000, preload: true }, xFrameOptions: { action: 'deny' }, contentSecurityPolicy: false }
    const app = await appWith(SecurityHeadersMiddleware, options)
    const res = await app.inject('/')
    expect(res.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains; preload')
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.headers['content-security-policy']).toBeUndefined()
  })

  it('leaves a plain route out with its helmet: false route option', async () => {
    const app = await appWith(SecurityHeadersMiddleware, {})
    app.get('/bare', { helmet: false }, async () => 'bare')
    expect((await app.inject('/bare')).headers['x-frame-options']).toBeUndefined()
  })

  it('allows the Swagger UI page its own inline script by hash, on /docs only', async () => {
    const app = await appWith(SecurityHeadersMiddleware, {})
    const docs = await app.inject('/docs')
    expect(docs.statusCode, docs.body).toBe(200)
    const hash = inlineScriptHash(docs.body)
    expect(docs.headers['content-security-policy']).toBe(HELMET_CSP.replace("script-src 'self';", `script-src 'self' ${hash};`))
    expect((await app.inject('/openapi.json')).headers['content-security-policy']).toBe(HELMET_CSP)
  })

  it('allows the ReDoc page its inline script and its search worker (blob:), on /redoc only', async () => {
    const app = await appWith(SecurityHeadersMiddleware, {})
    const redoc = await app.inject('/redoc')
    expect(redoc.statusCode, redoc.body).toBe(200)
    const hash = inlineScriptHash(redoc.body)
    expect(redoc.headers['content-security-policy']).toBe(`${HELMET_CSP.replace("script-src 'self';", `script-src 'self' ${hash};`)};worker-src 'self' blob:`)
  })

  it('does the same registered after the preset and its docs', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi)
    await app.register(SecurityHeadersMiddleware)
    const docs = await app.inject('/docs')
    expect(docs.headers['content-security-policy']).toContain(`script-src 'self' ${inlineScriptHash(docs.body)};`)
    expect(docs.headers['x-frame-options']).toBe('SAMEORIGIN')
  })

  it('gives each reply CSP nonces with enableCSPNonces', async () => {
    const app = await appWith(SecurityHeadersMiddleware, { enableCSPNonces: true })
    app.get('/page', async (_request, reply) => reply.type('text/html').send(`<script nonce="${reply.cspNonce.script}">1</script>`))
    const res = await app.inject('/page')
    const nonce = /nonce="([0-9a-f]+)"/.exec(res.body)?.[1]
    expect(res.headers['content-security-policy']).toContain(`'nonce-${nonce as string}'`)
  })

  it.each([
    [{ contentSecurityPolicy: { directives: { 'bad directive': ["'self'"] } } }, "fastify-fastapi/security-headers: option '(helmet options)' were refused by helmet: Content-Security-Policy received an invalid directive name \"bad directive\""],
    [{ xFrameOptions: { action: 'allow' } }, 'X-Frame-Options received an invalid action "allow"'],
    [{ global: false }, "option 'global' is not an option: the headers go on every route; leave one route out with its `helmet: false` route option"],
    [{ enableCSPNonces: 'yes' }, "option 'enableCSPNonces' must be true or false"],
    ['helmet', "option '(options)' must be helmet's options object; got string 'helmet'"],
  ])('refuses %j at registration, not at the first request', async (options, message) => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await expect(app.register(SecurityHeadersMiddleware, options as never)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) as string })
  })
})
