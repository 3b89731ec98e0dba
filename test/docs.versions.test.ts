// Versioned APIs: each version's own document and docs page, and a selector in /docs.
import { expect, it } from 'vitest'
import { buildDocsApp } from './helpers/docs-app.js'

it("serves each version's document with only that version's operations", async () => {
  const app = await buildDocsApp()
  const v1 = await app.inject('/v1/openapi.json')
  expect(v1.statusCode).toBe(200)
  expect(v1.json().info).toMatchObject({ title: 'Every feature v1', version: '2.5.0' })
  expect(Object.keys(v1.json().paths)).toEqual(['/v1/things/'])
  expect(v1.json().paths['/v1/things/'].get).toMatchObject({ operationId: 'list_things_v1_v1_things__get', deprecated: true })
  const v2 = (await app.inject('/v2/openapi.json')).json()
  expect(Object.keys(v2.paths)).toEqual(['/v2/things/'])
  expect(v2.paths['/v2/things/'].get.deprecated).toBeUndefined()
})

it('gives /docs a version selector: the whole API, then each version', async () => {
  const app = await buildDocsApp()
  const page = (await app.inject('/docs')).body
  expect(page).toContain('"urls":[{"url":"/openapi.json","name":"all"},{"url":"/v1/openapi.json","name":"v1"},{"url":"/v2/openapi.json","name":"v2"}]')
  expect(page).toContain('"urls.primaryName":"all"')
  // Swagger UI's top bar holds the selector.
  expect(page).toContain('"layout":"StandaloneLayout"')
})

it("serves /v1/docs, the successor link's target, opened on that version", async () => {
  const app = await buildDocsApp()
  const v1Docs = await app.inject('/v1/docs')
  expect(v1Docs.statusCode).toBe(200)
  expect(v1Docs.headers['content-type']).toBe('text/html; charset=utf-8')
  expect(v1Docs.body).toContain('"urls.primaryName":"v1"')
  expect(v1Docs.body).toContain('<script src="/docs/static/swagger-ui-bundle.js"></script>')
  // The deprecated version's answers link to the successor's docs, which exist.
  const link = (await app.inject('/v1/things/')).headers.link as string
  const successor = /<([^>]+)>; rel="successor-version"/.exec(link)?.[1]
  expect(successor).toBe('/v2/docs')
  expect((await app.inject(successor as string)).statusCode).toBe(200)
})

it('keeps apart one versioned API mounted under two prefixes', async () => {
  const { APIRouter, versioned } = await import('fastify-fastapi')
  const { buildApp } = await import('./helpers/app.js')
  const app = await buildApp()
  const things = new APIRouter({ prefix: '/things' })
  things.get('/', async function list_things () { return [] })
  const api = versioned({ v1: things })
  await app.register(api, { prefix: '/public' })
  await app.register(api, { prefix: '/internal' })
  expect(Object.keys((await app.inject('/public/v1/openapi.json')).json().paths)).toEqual(['/public/v1/things/'])
  expect(Object.keys((await app.inject('/internal/v1/openapi.json')).json().paths)).toEqual(['/internal/v1/things/'])
  expect((await app.inject('/docs')).body).toContain('{"url":"/public/v1/openapi.json","name":"public/v1"},{"url":"/internal/v1/openapi.json","name":"internal/v1"}')
})

it("still serves a retired version's docs after its sunset, and links the successor's docs where they are", async () => {
  const { APIRouter, versioned } = await import('fastify-fastapi')
  const { buildApp } = await import('./helpers/app.js')
  const app = await buildApp({ docs: { docsUrl: '/documentation' } })
  const things = new APIRouter({ prefix: '/things' })
  things.get('/', async function list_things () { return [] })
  await app.register(versioned({
    v1: { routers: things, deprecated: { since: '2020-01-01', sunset: '2021-01-01', successor: 'v2', goneAfterSunset: true } },
    v2: things,
  }), { prefix: '/api' })
  const gone = await app.inject('/api/v1/things/')
  expect(gone.statusCode).toBe(410)
  expect(gone.headers.link).toBe('</api/v2/documentation>; rel="successor-version"')
  expect((await app.inject('/api/v1/openapi.json')).statusCode).toBe(200)
  expect((await app.inject('/api/v1/documentation')).statusCode).toBe(200)
  expect((await app.inject('/api/v2/documentation')).statusCode).toBe(200)
})
