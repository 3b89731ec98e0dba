// An app that uses every feature the OpenAPI document shows: the docs tests read it.
import { z } from 'zod'
import { APIRouter, Depends, HTTPException, Security, versioned, type DocsOptions, type FastAPIOptions } from 'fastify-fastapi'
import { buildApp } from './app.js'

export const Tag = z.object({ name: z.string() }).meta({ id: 'Tag' })
export const Item = z.object({
  name: z.string().min(1).meta({ examples: ['Hammer'] }),
  price: z.number().gt(0),
  tags: z.array(Tag).default([]),
}).meta({ id: 'Item', description: 'Something the shop sells.' })
export const Message = z.object({ detail: z.string() }).meta({ id: 'Message' })
// A recursive model: a category and its subcategories.
export interface Category { name: string, children: Category[] }
export const Category: z.ZodType<Category> = z.object({ name: z.string(), get children () { return z.array(Category) } }).meta({ id: 'Category' })

export const oauth2Scheme = Depends({
  headers: z.object({ authorization: z.string().optional() }),
  securityScheme: {
    name: 'OAuth2PasswordBearer',
    scheme: { type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: { 'items:read': 'Read items.', 'items:write': 'Write items.' } } } },
  },
  errors: [{ status: 401, description: 'Not authenticated', headers: { 'WWW-Authenticate': 'Bearer' } }],
}, function oauth2Scheme ({ headers }) {
  if (headers.authorization === undefined) throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return headers.authorization.replace(/^Bearer /, '')
})

export const currentUser = Depends({
  deps: { token: oauth2Scheme },
  errors: [{ status: 403, description: 'Not enough permissions' }],
}, function currentUser ({ deps }) { return { username: deps.token } })

export const commonParameters = Depends({
  query: z.object({ skip: z.int().min(0).default(0), limit: z.int().max(100).default(10) }),
  headers: z.object({ x_request_source: z.string().optional().describe('Which client sends the request.') }),
}, function commonParameters ({ query }) { return query })

export const verifyKey = Depends({
  headers: z.object({ x_key: z.string() }),
  errors: [{ status: 400, description: 'X-Key header invalid' }],
}, function verifyKey ({ headers }) { return headers.x_key })

// FastAPI's "Metadata and Docs URLs" example, as docs options.
export const DOCS_METADATA = {
  title: 'Every feature',
  version: '2.5.0',
  summary: 'A test app',
  description: 'It uses **every** documented feature.',
  termsOfService: 'https://example.com/terms/',
  contact: { name: 'Deadpoolio', url: 'https://example.com/contact/', email: 'dp@example.com' },
  licenseInfo: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
  servers: [{ url: 'https://stag.example.com', description: 'Staging' }],
  openapiTags: [{ name: 'items', description: 'Manage items.' }, { name: 'users', description: 'Operations with users.' }],
} satisfies DocsOptions

export async function buildDocsApp (options: FastAPIOptions = {}) {
  const app = await buildApp({ docs: DOCS_METADATA, ...options })

  const items = new APIRouter({ prefix: '/items', tags: ['items'], responses: { 404: { description: 'Not found', model: Message } } })
  items.get('/', { deps: { commons: commonParameters }, response: z.array(Item) }, async function read_items () { return [] })
  items.post('/', {
    body: Item,
    response: Item,
    status: 201,
    deps: { user: Security(currentUser, ['items:write']) },
    summary: 'Create an item',
    description: 'Create an item with all the information.',
    responseDescription: 'The created item',
  }, async function create_item ({ body }) { return body })
  items.get('/{item_id}', {
    params: z.object({ item_id: z.int().meta({ examples: [42] }) }),
    cookies: z.object({ session: z.string().optional() }),
    response: { 200: Item, 404: Message },
    operationId: 'readOneItem',
  }, async function read_item () { return { name: 'Hammer', price: 1, tags: [] } })
  items.get('/old', { deprecated: true }, async function read_old_items () { return [] })
  items.get('/hidden', { includeInSchema: false }, async function hidden () { return {} })
  items.get('/files/{file_path:path}', { params: z.object({ file_path: z.string() }) }, async function read_file ({ params }) { return params })
  items.get('/categories', { response: Category }, async function read_categories () { return { name: 'root', children: [] } })

  const users = new APIRouter({ prefix: '/users', tags: ['users'], dependencies: [verifyKey] })
  users.get('/me', { deps: { user: Security(currentUser, ['items:read']) } }, async function read_me ({ deps }) { return deps.user })

  await app.register(items)
  await app.register(users)
  // A plain Fastify route with its JSON Schema: @fastify/swagger documents it.
  app.get('/plain/:id', { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } }, response: { 200: { type: 'object', properties: { id: { type: 'integer' } } } } } }, async (request) => request.params)

  const itemsV1 = new APIRouter({ prefix: '/things', tags: ['things'] })
  itemsV1.get('/', async function list_things_v1 () { return [] })
  const itemsV2 = new APIRouter({ prefix: '/things', tags: ['things'] })
  itemsV2.get('/', async function list_things_v2 () { return [] })
  await app.register(versioned({ v1: { routers: itemsV1, deprecated: { since: '2026-01-01', successor: 'v2' } }, v2: itemsV2 }))
  return app
}
