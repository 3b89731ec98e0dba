// FastAPI's "Metadata and Docs URLs": the app's metadata and its tags' descriptions.
import { expect, it } from 'vitest'
import { buildDocsApp, DOCS_METADATA } from './helpers/docs-app.js'

it('writes the title, version, summary, description, terms, contact and license into info', async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  expect(document.openapi).toBe('3.1.0')
  // FastAPI's `license_info` is the document's `license`; the rest is written as given.
  const { licenseInfo, servers: _servers, openapiTags: _tags, ...info } = DOCS_METADATA
  expect(document.info).toEqual({ ...info, license: licenseInfo })
  expect(document.info.license).toEqual({ name: 'Apache 2.0', identifier: 'Apache-2.0' })
})

it('lists the servers and the tag metadata in the order given', async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  expect(document.servers).toEqual([{ url: 'https://stag.example.com', description: 'Staging' }])
  expect(document.tags).toEqual([{ name: 'items', description: 'Manage items.' }, { name: 'users', description: 'Operations with users.' }])
})

it('serves the same document as app.openapi(), built once, at its first use', async () => {
  const app = await buildDocsApp()
  await app.ready()
  const first = app.openapi()
  expect(app.openapi()).toBe(first)
  expect((await app.inject('/openapi.json')).json()).toEqual(JSON.parse(JSON.stringify(first)))
})

it('lists operations in the order their routes were registered, as FastAPI does', async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  expect(Object.keys(document.paths)).toEqual([
    '/items/', '/items/{item_id}', '/items/old', '/items/files/{file_path}', '/items/categories', '/users/me', '/plain/{id}', '/v1/things/', '/v2/things/',
  ])
})
