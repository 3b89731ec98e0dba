// FastAPI's "Behind a Proxy": a proxy serves the app under /api/v1 and strips the prefix, so
// the app declares /app and gets /app. `root_path` tells the docs where the client really is:
// the document's `servers` names the prefix and the pages fetch everything under it.
import { describe, expect, it } from 'vitest'
import { APIRouter, versioned, type FastAPIOptions } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

async function proxiedApp (options: FastAPIOptions, trustProxy?: string) {
  const app = await buildApp(options, trustProxy === undefined ? {} : { trustProxy })
  app.api.get('/app', function read_main () { return { message: 'Hello World' } })
  return app
}

const readMain = {
  '/app': {
    get: {
      summary: 'Read Main',
      operationId: 'read_main_app_get',
      responses: { 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } },
    },
  },
}

const stagingAndProduction = [
  { url: 'https://stag.example.com', description: 'Staging environment' },
  { url: 'https://prod.example.com', description: 'Production environment' },
]

describe('root_path', () => {
  it('lists the root path as the server of the document (tutorial002: FastAPI(root_path="/api/v1"))', async () => {
    const app = await proxiedApp({ rootPath: '/api/v1' })

    const res = await app.inject('/openapi.json')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: readMain,
      servers: [{ url: '/api/v1' }],
    })
    expect(app.openapi().servers).toEqual([{ url: '/api/v1' }])
    expect((await app.inject('/app')).json()).toEqual({ message: 'Hello World' })
  })

  it('puts the root path before the other servers (tutorial003)', async () => {
    const app = await proxiedApp({ rootPath: '/api/v1', docs: { servers: stagingAndProduction } })

    const res = await app.inject('/openapi.json')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().servers).toEqual([{ url: '/api/v1' }, ...stagingAndProduction])
  })

  it('leaves it out with rootPathInServers: false (tutorial004: root_path_in_servers=False)', async () => {
    const app = await proxiedApp({ rootPath: '/api/v1', docs: { servers: stagingAndProduction, rootPathInServers: false } })

    const res = await app.inject('/openapi.json')
    expect(res.json().servers).toEqual(stagingAndProduction)
  })

  it('does not list it twice when the servers have it, and drops a trailing slash', async () => {
    const app = await proxiedApp({ rootPath: '/api/v1/', docs: { servers: [{ url: 'https://example.com' }, { url: '/api/v1' }] } })

    const res = await app.inject('/openapi.json')
    expect(res.json().servers).toEqual([{ url: 'https://example.com' }, { url: '/api/v1' }])
  })

  it('has no servers without a root path, as FastAPI', async () => {
    const app = await proxiedApp({})

    expect((await app.inject('/openapi.json')).json()).toEqual({ openapi: '3.1.0', info: { title: 'FastAPI', version: '0.1.0' }, paths: readMain })
  })

  it('makes /docs fetch /api/v1/openapi.json, its files and its OAuth2 page under the prefix', async () => {
    const app = await proxiedApp({ rootPath: '/api/v1' })

    const docs = await app.inject('/docs')
    expect(docs.statusCode, docs.body).toBe(200)
    expect(docs.body).toContain('"url":"/api/v1/openapi.json"')
    expect(docs.body).toContain('<script src="/api/v1/docs/static/swagger-ui-bundle.js"></script>')
    expect(docs.body).toContain('href="/api/v1/docs/static/swagger-ui.css"')
    expect(docs.body).toContain('oauth2RedirectUrl: window.location.origin + "/api/v1/docs/oauth2-redirect"')
    const redirect = await app.inject('/docs/oauth2-redirect?code=abc')
    expect(redirect.headers.location).toBe('/api/v1/docs/static/oauth2-redirect.html?code=abc')
    // The proxy strips the prefix: the files are still served here without it.
    expect((await app.inject('/docs/static/swagger-ui-bundle.js')).statusCode).toBe(200)
  })

  it('makes /redoc fetch its script and the document under the prefix', async () => {
    const app = await proxiedApp({ rootPath: '/api/v1' })

    const redoc = await app.inject('/redoc')
    expect(redoc.statusCode, redoc.body).toBe(200)
    expect(redoc.body).toContain('<script src="/api/v1/redoc/redoc.standalone.js"></script>')
    expect(redoc.body).toContain('Redoc.init("/api/v1/openapi.json"')
  })

  it('gives each API version its document and its place in the selector under the prefix', async () => {
    const app = await buildApp({ rootPath: '/api' })
    const things = new APIRouter({ prefix: '/things' })
    things.get('/', function listThings () { return [] })
    await app.register(versioned({ v1: things }))

    const page = (await app.inject('/v1/docs')).body
    expect(page).toContain('"urls":[{"url":"/api/openapi.json","name":"all"},{"url":"/api/v1/openapi.json","name":"v1"}]')
    expect(page).toContain('<script src="/api/docs/static/swagger-ui-bundle.js"></script>')
    expect((await app.inject('/v1/openapi.json')).json().servers).toEqual([{ url: '/api' }])
  })

  it("gives the preset's rootPath to the docs and the errors plugins, whose own wins", async () => {
    const app = await buildApp({ rootPath: '/api/v1', docs: { rootPath: '/docs-proxy' } })
    app.api.get('/items/', () => [])

    expect((await app.inject('/openapi.json')).json().servers).toEqual([{ url: '/docs-proxy' }])
    expect((await app.inject('/items')).headers.location).toBe('/api/v1/items/')
  })

  it('refuses a root path that is not a path of this server', async () => {
    for (const rootPath of ['api/v1', '//evil.example', '/a b']) {
      await expect(buildApp({ rootPath }), rootPath).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining("'rootPath' must be the path the proxy serves the app under") })
    }
    await expect(buildApp({ docs: { rootPathInServers: 'no' as never } })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID' })
  })
})

describe('X-Forwarded-Prefix from a trusted proxy (tutorial005: the ForwardedPrefixMiddleware)', () => {
  for (const [prefix, expected] of [['/api/v1', '/api/v1'], ['/backend/v1', '/backend/v1'], ['/backend/v1/', '/backend/v1']]) {
    it(`lists ${prefix} as the server and fetches ${expected}/openapi.json from /docs`, async () => {
      const app = await proxiedApp({}, '127.0.0.1')
      const headers = { 'x-forwarded-prefix': prefix }

      const document = await app.inject({ url: '/openapi.json', headers })
      expect(document.statusCode, document.body).toBe(200)
      expect(document.json().servers).toEqual([{ url: expected }])
      const docs = await app.inject({ url: '/docs', headers })
      expect(docs.body).toContain(`"url":"${expected}/openapi.json"`)
      const redoc = await app.inject({ url: '/redoc', headers })
      expect(redoc.body).toContain(`Redoc.init("${expected}/openapi.json"`)
    })
  }

  it('wins over the configured root path, which requests without it keep', async () => {
    const app = await proxiedApp({ rootPath: '/api/v1', docs: { servers: stagingAndProduction } }, '127.0.0.1')

    const forwarded = await app.inject({ url: '/openapi.json', headers: { 'x-forwarded-prefix': '/backend/v1' } })
    expect(forwarded.json().servers).toEqual([{ url: '/backend/v1' }, ...stagingAndProduction])
    const direct = await app.inject('/openapi.json')
    expect(direct.json().servers).toEqual([{ url: '/api/v1' }, ...stagingAndProduction])
  })

  it('is ignored from a client Fastify does not trust (no trustProxy, or another address)', async () => {
    for (const trustProxy of [undefined, '10.0.0.1']) {
      const app = await proxiedApp({}, trustProxy)
      const headers = { 'x-forwarded-prefix': '/elsewhere' }

      expect((await app.inject({ url: '/openapi.json', headers })).json().servers, String(trustProxy)).toBeUndefined()
      expect((await app.inject({ url: '/docs', headers })).body).toContain('"url":"/openapi.json"')
    }
  })

  it('is ignored when it is not a path of this server', async () => {
    const app = await proxiedApp({ rootPath: '/api/v1' }, '127.0.0.1')

    for (const prefix of ['//evil.example', 'evil', '/a b', '/\\evil.example']) {
      const res = await app.inject({ url: '/openapi.json', headers: { 'x-forwarded-prefix': prefix } })
      expect(res.json().servers, prefix).toEqual([{ url: '/api/v1' }])
    }
  })
})
