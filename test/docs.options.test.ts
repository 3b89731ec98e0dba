// FastAPI's docs_url, redoc_url, openapi_url: configurable, or off with null; mistakes refused.
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { fastapiDocs, fastapiRouting } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

describe('the pages and their addresses', () => {
  it('serves /openapi.json, /docs, /redoc and the OAuth2 redirect page by default, every asset local', async () => {
    const app = await buildApp()
    const docs = await app.inject('/docs')
    expect(docs.statusCode).toBe(200)
    expect(docs.body).toContain('/docs/static/swagger-ui-bundle.js')
    expect(docs.body).toContain('<title>FastAPI - Swagger UI</title>')
    // FastAPI's page: its defaults, the document, the OAuth2 redirect at FastAPI's address.
    expect(docs.body).toContain('"dom_id":"#swagger-ui","layout":"BaseLayout","deepLinking":true,"showExtensions":true,"showCommonExtensions":true,"url":"/openapi.json"')
    expect(docs.body).toContain('oauth2RedirectUrl: window.location.origin + "/docs/oauth2-redirect"')
    expect(docs.body).not.toMatch(/https?:\/\//)
    expect((await app.inject('/docs/static/swagger-ui-bundle.js')).statusCode).toBe(200)
    const redoc = await app.inject('/redoc')
    expect(redoc.body).toContain('<script src="/redoc/redoc.standalone.js"></script>')
    expect(redoc.body).not.toMatch(/https?:\/\//)
    const bundle = await app.inject('/redoc/redoc.standalone.js')
    expect(bundle.statusCode).toBe(200)
    expect(bundle.headers['content-type']).toBe('application/javascript; charset=utf-8')
    expect(bundle.rawPayload.length).toBeGreaterThan(500_000)
    // ReDoc 2 shows a logo from its CDN in the menu: replaced, so the page stays offline.
    expect(bundle.body).not.toContain('https://cdn.redoc.ly')
    const redirect = await app.inject('/docs/oauth2-redirect?code=abc&state=xyz')
    expect(redirect.statusCode).toBe(302)
    expect(redirect.headers.location).toBe('/docs/static/oauth2-redirect.html?code=abc&state=xyz')
    expect((await app.inject(redirect.headers.location as string)).statusCode).toBe(200)
  })

  it('moves each page where it is asked, and passes swagger_ui_parameters and init_oauth to Swagger UI', async () => {
    const app = await buildApp({
      docs: {
        openapiUrl: '/api/v1/openapi.json',
        docsUrl: '/documentation',
        redocUrl: '/reference',
        swaggerUiParameters: { syntaxHighlight: false, deepLinking: false },
        swaggerUiInitOAuth: { clientId: 'my-client', appName: 'Shop' },
      },
    })
    expect((await app.inject('/api/v1/openapi.json')).statusCode).toBe(200)
    expect((await app.inject('/openapi.json')).statusCode).toBe(404)
    expect((await app.inject('/docs')).statusCode).toBe(404)
    expect((await app.inject('/reference')).body).toContain('Redoc.init("/api/v1/openapi.json"')
    const page = (await app.inject('/documentation')).body
    expect(page).toContain('"syntaxHighlight":false')
    expect(page).toContain('"deepLinking":false')
    expect(page).toContain('"layout":"BaseLayout"')
    expect(page).toContain('"url":"/api/v1/openapi.json"')
    expect(page).toContain('ui.initOAuth({"clientId":"my-client","appName":"Shop"})')
    expect(page).toContain('/documentation/static/swagger-ui-bundle.js')
    expect((await app.inject('/documentation/oauth2-redirect')).statusCode).toBe(302)
  })

  it('switches a page off with null, and every page with openapiUrl: null', async () => {
    const noDocs = await buildApp({ docs: { docsUrl: null, redocUrl: null } })
    expect((await noDocs.inject('/openapi.json')).statusCode).toBe(200)
    expect((await noDocs.inject('/docs')).statusCode).toBe(404)
    expect((await noDocs.inject('/redoc')).statusCode).toBe(404)
    const nothing = await buildApp({ docs: { openapiUrl: null } })
    for (const url of ['/openapi.json', '/docs', '/redoc']) expect((await nothing.inject(url)).statusCode, url).toBe(404)
    // The document is still there for code that wants it.
    await nothing.ready()
    expect(nothing.openapi().openapi).toBe('3.1.0')
  })

  it('lets the preset switch the docs off entirely', async () => {
    const app = await buildApp({ docs: false })
    expect((await app.inject('/openapi.json')).statusCode).toBe(404)
    expect(app.hasDecorator('openapi')).toBe(false)
  })

  it('works alone, in three lines, next to the routing plugin', async () => {
    const app = Fastify()
    await app.register(fastapiDocs, { title: 'Alone' })
    await app.register(fastapiRouting)
    app.api.get('/ping', async function ping () { return 'pong' })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.info.title).toBe('Alone')
    expect(document.paths['/ping'].get.operationId).toBe('ping_ping_get')
    await app.close()
  })
})

describe('misconfiguration', () => {
  it.each([
    [{ docsUrl: 'docs' }, "fastify-fastapi/docs: option 'docsUrl' must be a path like \"/docs\" (starting with \"/\", not ending with one), or null to switch it off; got string 'docs'"],
    [{ openapiUrl: '/openapi.json/' }, "fastify-fastapi/docs: option 'openapiUrl' must be a path like \"/docs\" (starting with \"/\", not ending with one), or null to switch it off; got string '/openapi.json/'"],
    [{ title: 42 }, "fastify-fastapi/docs: option 'title' must be a string; got number 42"],
    [{ licenseInfo: { url: 'x' } }, "fastify-fastapi/docs: option 'licenseInfo' needs a string 'name', like { name: 'MIT', identifier: 'MIT' }; got object { url: 'x' }"],
    [{ openapiTags: [{ description: 'no name' }] }, "fastify-fastapi/docs: option 'openapiTags' must be an array of objects, each with a string 'name'; got object [ { description: 'no name' } ]"],
    [{ swaggerUiParameters: 'dark' }, "fastify-fastapi/docs: option 'swaggerUiParameters' must be an object; got string 'dark'"],
    [{ docs_url: '/docs' }, "fastify-fastapi/docs: option 'docs_url' is not an option of fastify-fastapi/docs; its options are: title, version, summary, description, termsOfService, contact, licenseInfo, servers, rootPath, rootPathInServers, openapiTags, openapiUrl, docsUrl, redocUrl, swaggerUiOauth2RedirectUrl, swaggerUiParameters, swaggerUiInitOAuth, webhooks, generateUniqueIdFunction, separateInputOutputSchemas, securityResponses"],
  ])('refuses %j at registration, naming the option', async (options, message) => {
    const app = Fastify()
    await expect(app.register(fastapiDocs, options as never)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
  })
})

describe('with no document', () => {
  it('builds nothing at startup when openapiUrl is null, as FastAPI with openapi_url=None', async () => {
    const { z } = await import('zod')
    const app = await buildApp({ docs: { openapiUrl: null } })
    app.api.post('/a', { body: z.object({ a: z.string() }).meta({ id: 'Thing' }) }, async function a () { return {} })
    app.api.post('/b', { body: z.object({ b: z.int() }).meta({ id: 'Thing' }) }, async function b () { return {} })
    await app.ready()
    // Asked for, it is built, and the clash is reported.
    expect(() => app.openapi()).toThrow(expect.objectContaining({ code: 'FFA_ERR_DOCS_SCHEMA_NAME' }))
  })

  it.each(['//evil.example', '/\\evil.example', '/docs?x=1', '/my docs', '/docs#top'])('refuses %j as a docs URL: only a path of this server', async (docsUrl) => {
    const app = Fastify()
    await expect(app.register(fastapiDocs, { docsUrl })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining("option 'docsUrl' must be a path") })
  })
})
