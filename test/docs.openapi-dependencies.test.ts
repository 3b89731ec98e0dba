// Dependencies in the document: their params, their security schemes and scopes, their errors.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { buildDocsApp } from './helpers/docs-app.js'

async function operation (method: string, path: string) {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  return { document, operation: document.paths[path][method] }
}

it("lists a dependency's query and header params after the route's own, as FastAPI's flat dependant", async () => {
  const { operation: readItems } = await operation('get', '/items/')
  expect(readItems.parameters).toEqual([
    { name: 'skip', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0, title: 'Skip' } },
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', maximum: 100, default: 10, title: 'Limit' } },
    {
      name: 'x-request-source',
      in: 'header',
      required: false,
      description: 'Which client sends the request.',
      schema: { type: 'string', description: 'Which client sends the request.', title: 'X-Request-Source' },
    },
  ])
})

it('documents a security dependency as a requirement with the scopes asked along the chain, not as a header param', async () => {
  const { document, operation: createItem } = await operation('post', '/items/')
  expect(createItem.security).toEqual([{ OAuth2PasswordBearer: ['items:write'] }])
  expect(createItem.parameters).toBeUndefined()
  expect(document.components.securitySchemes).toEqual({
    OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: { 'items:read': 'Read items.', 'items:write': 'Write items.' } } } },
  })
  const { operation: readMe } = await operation('get', '/users/me')
  expect(readMe.security).toEqual([{ OAuth2PasswordBearer: ['items:read'] }])
})

it('documents the errors the dependencies declare, with their headers, and the router dependencies\' params', async () => {
  const { operation: readMe } = await operation('get', '/users/me')
  expect(readMe.responses[401]).toEqual({ description: 'Not authenticated', headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } })
  expect(readMe.responses[403]).toEqual({ description: 'Not enough permissions' })
  // The router's `dependencies: [verifyKey]`: its header, its 400.
  expect(readMe.responses[400]).toEqual({ description: 'X-Key header invalid' })
  expect(readMe.parameters).toEqual([{ name: 'x-key', in: 'header', required: true, schema: { type: 'string', title: 'X-Key' } }])
  expect(readMe.responses[422]).toBeDefined()
})

it('documents no 422 for a route that reads nothing from the request', async () => {
  const { operation: readOld } = await operation('get', '/items/old')
  expect(Object.keys(readOld.responses)).toEqual(['200', '404'])
})

it('reads a named params model field by field, without making it a component', async () => {
  const FilterParams = z.object({ limit: z.int().max(100).default(100), tags: z.array(z.string()).default([]) }).meta({ id: 'FilterParams' })
  const app = await buildApp()
  app.api.get('/items/', { query: FilterParams }, async function read_items ({ query }) { return query })
  const document = (await app.inject('/openapi.json')).json()
  expect(document.paths['/items/'].get.parameters).toEqual([
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', maximum: 100, default: 100, title: 'Limit' } },
    { name: 'tags', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' }, default: [], title: 'Tags' } },
  ])
  expect(document.components.schemas.FilterParams).toBeUndefined()
})

it('documents each use of a security dependency with its own scopes, as FastAPI lists them', async () => {
  const { oauth2Scheme, currentUser } = await import('./helpers/docs-app.js')
  const { APIRouter, Security } = await import('fastify-fastapi')
  const app = await buildApp()
  const admin = new APIRouter({ prefix: '/admin', dependencies: [currentUser] })
  admin.get('/stats', { deps: { user: Security(currentUser, ['admin']) } }, async function read_stats () { return {} })
  admin.get('/both', { deps: { a: Security(oauth2Scheme, ['a']), b: Security(oauth2Scheme, ['b']) } }, async function read_both () { return {} })
  await app.register(admin)
  const paths = (await app.inject('/openapi.json')).json().paths
  expect(paths['/admin/stats'].get.security).toEqual([{ OAuth2PasswordBearer: [] }, { OAuth2PasswordBearer: ['admin'] }])
  expect(paths['/admin/both'].get.security).toEqual([{ OAuth2PasswordBearer: [] }, { OAuth2PasswordBearer: ['a'] }, { OAuth2PasswordBearer: ['b'] }])
})

it("documents a dependency's required body as required, and the 422 a security dependency's own header can cause", async () => {
  const { Depends } = await import('fastify-fastapi')
  const parsed = Depends({ body: z.object({ a: z.int() }) }, function parsed ({ body }) { return body })
  const apiKey = Depends({
    headers: z.object({ x_api_key: z.string() }),
    securityScheme: { name: 'APIKeyHeader', scheme: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
  }, function apiKey ({ headers }) { return headers.x_api_key })
  const app = await buildApp()
  app.api.post('/parsed', { deps: { value: parsed } }, async function use_parsed ({ deps }) { return deps.value })
  app.api.get('/keyed', { deps: { key: apiKey } }, async function keyed () { return {} })
  const paths = (await app.inject('/openapi.json')).json().paths
  expect(paths['/parsed'].post.requestBody.required).toBe(true)
  expect(paths['/keyed'].get.parameters).toBeUndefined()
  expect(Object.keys(paths['/keyed'].get.responses)).toEqual(['200', '422'])
  expect((await app.inject('/keyed')).statusCode).toBe(422)
})

it('documents the scopes of every chain below a reused dependency, even two that meet below it', async () => {
  const { currentUser } = await import('./helpers/docs-app.js')
  const { Depends, Security } = await import('fastify-fastapi')
  // editor needs the user with each scope; the route needs editor twice, the second time as admin.
  const editor = Depends({ deps: { reader: Security(currentUser, ['items:read']), writer: Security(currentUser, ['items:write']) } },
    function editor ({ deps }) { return deps.reader })
  const app = await buildApp()
  app.api.put('/items/{item_id}', { params: z.object({ item_id: z.string() }), dependencies: [editor], deps: { admin: Security(editor, ['admin']) } },
    async function replace_item () { return {} })
  const paths = (await app.inject('/openapi.json')).json().paths
  expect(paths['/items/{item_id}'].put.security).toEqual([
    { OAuth2PasswordBearer: ['items:read'] },
    { OAuth2PasswordBearer: ['items:write'] },
    { OAuth2PasswordBearer: ['admin', 'items:read'] },
    { OAuth2PasswordBearer: ['admin', 'items:write'] },
  ])
})
