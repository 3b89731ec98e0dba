// Plain Fastify routes are documented from their JSON Schemas; hidden and HEAD routes are not.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { buildDocsApp } from './helpers/docs-app.js'

it('documents a plain Fastify route from its JSON Schema, through @fastify/swagger', async () => {
  const app = await buildDocsApp()
  const plain = (await app.inject('/openapi.json')).json().paths['/plain/{id}'].get
  expect(plain.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true, schema: { type: 'integer' } })])
  expect(plain.responses[200].content['application/json'].schema).toMatchObject({ type: 'object', properties: { id: { type: 'integer' } } })
})

it("leaves out routes with includeInSchema: false, the docs' own routes and Fastify's automatic HEAD routes", async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method} ${path}`))
  expect(operations.some((operation) => operation.includes('hidden'))).toBe(false)
  expect(operations.some((operation) => /docs|redoc|openapi/.test(operation))).toBe(false)
  expect(operations.some((operation) => operation.startsWith('head '))).toBe(false)
  // The hidden route still answers.
  expect((await app.inject('/items/hidden')).statusCode).toBe(200)
})

it('documents an explicit HEAD route', async () => {
  const app = await buildApp()
  app.api.head('/ping', async function ping_head () {})
  expect(Object.keys((await app.inject('/openapi.json')).json().paths['/ping'])).toEqual(['head'])
})

it('documents plain wildcard and regex routes, and keeps paths whole under a server with a base path', async () => {
  const app = await buildApp({ docs: { servers: [{ url: 'https://example.com/api' }] } })
  app.get('/plain/files/*', async () => ({}))
  app.get('/plainre/:kind(^(cat|dog)$)', async () => ({}))
  app.get('/api/plain', async () => ({}))
  app.api.get('/re2/:kind(^(cat|dog)$)', { params: z.object({ kind: z.enum(['cat', 'dog']) }) }, async function by_kind () { return {} })
  const paths = Object.keys((await app.inject('/openapi.json')).json().paths)
  expect(paths).toEqual(['/plain/files/{*}', '/plainre/{kind}', '/api/plain', '/re2/{kind}'])
})
