// Type tests for the typed client (fastify-fastapi/client): checked by `tsc` in `npm test`.
// A client made from an API's type knows every path, param, body and answer; each misuse
// below must not compile, with the reason after each expected error.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import type { FastifyReply } from 'fastify'
import { APIRouter, Depends, fastapi } from 'fastify-fastapi'
import { createClient, type HTTPValidationError } from 'fastify-fastapi/client'
import type { Api } from '../helpers/client-api.js'

const app = Fastify()
await app.register(fastapi)
const client = createClient<Api>({ app })

// Path params are the params schema's input; the answer is a union by status.
const read = await client.GET('/items/{item_id}', { params: { path: { item_id: 1 } } })
expectTypeOf(read.status).toEqualTypeOf<200 | 404 | 422>()
if (read.status === 200) expectTypeOf(read.data).toEqualTypeOf<{ name: string, price: number, tags: string[] }>()
if (read.status === 404) expectTypeOf(read.error).toEqualTypeOf<{ detail: string }>()
if (read.status === 422) expectTypeOf(read.error).toEqualTypeOf<HTTPValidationError>()
// openapi-fetch's way: `error` set or `data` set.
if (read.error === undefined) expectTypeOf(read.data).toEqualTypeOf<{ name: string, price: number, tags: string[] }>()
expectTypeOf(read.response).toEqualTypeOf<Response>()

// @ts-expect-error  item_id is an int, not a string
await client.GET('/items/{item_id}', { params: { path: { item_id: 'one' } } })
// @ts-expect-error  the path has a param: the call needs it
await client.GET('/items/{item_id}')
// @ts-expect-error  'itemId' is not the param's name (item_id is)
await client.GET('/items/{item_id}', { params: { path: { itemId: 1 } } })
// @ts-expect-error  no GET route has this path
await client.GET('/itemz/')
// @ts-expect-error  GET /items/{item_id} exists, PATCH does not
await client.PATCH('/items/{item_id}', { params: { path: { item_id: 1 } } })

// Query params: all optional here (defaults), a list is an array; the request may be left out.
const listed = await client.GET('/items/', { params: { query: { tag: ['a', 'b'], limit: 5 } } })
await client.GET('/items/')
if (listed.status === 200) expectTypeOf(listed.data).toEqualTypeOf<Array<{ name: string, price: number, tags: string[] }>>()
// @ts-expect-error  limit is an int
await client.GET('/items/', { params: { query: { limit: '5' } } })
// @ts-expect-error  'tags' is not a query param (tag is)
await client.GET('/items/', { params: { query: { tags: ['a'] } } })

// The body is the model's input: fields with defaults may be left out; the declared status is the success.
const created = await client.POST('/items/', { body: { name: 'Bar', price: 62 } })
expectTypeOf(created.status).toEqualTypeOf<201 | 422>()
if (created.status === 201) expectTypeOf(created.data).toEqualTypeOf<{ id: number, name: string, price: number, tags: string[] }>()
// @ts-expect-error  price is required
await client.POST('/items/', { body: { name: 'Bar' } })
// @ts-expect-error  price is a number
await client.POST('/items/', { body: { name: 'Bar', price: '62' } })
// @ts-expect-error  the route reads a body: the call needs it
await client.POST('/items/')

// Headers by the schema's key (sent with hyphens), cookies, and embedded body params.
await client.PUT('/items/{item_id}', {
  params: { path: { item_id: 1 }, header: { x_token: 't' }, cookie: { session: 's' } },
  body: { item: { name: 'Foo', price: 1 }, importance: 1 },
})
// @ts-expect-error  the x_token header is required
await client.PUT('/items/{item_id}', { params: { path: { item_id: 1 } }, body: { item: { name: 'Foo', price: 1 }, importance: 1 } })
// @ts-expect-error  the body has two params, item and importance
await client.PUT('/items/{item_id}', { params: { path: { item_id: 1 }, header: { x_token: 't' } }, body: { name: 'Foo', price: 1 } })

// A 204 has no data.
const deleted = await client.DELETE('/items/{item_id}', { params: { path: { item_id: 1 } } })
if (deleted.status === 204) expectTypeOf(deleted.data).toEqualTypeOf<undefined>()

// Without a response model, the data is what the handler returns (FastAPI's return annotation).
const root = await client.GET('/')
expectTypeOf(root.status).toEqualTypeOf<200>()
expectTypeOf(root.data).toEqualTypeOf<{ message: string }>()
// @ts-expect-error  the root route reads no params
await client.GET('/', { params: { query: { q: 'x' } } })

// Forms: fields by name, a file as a Blob; routers included with a prefix keep it.
const uploaded = await client.POST('/v1/files/upload', { form: { file: new Blob(['x']), note: 'n' } })
if (uploaded.status === 200) expectTypeOf(uploaded.data).toEqualTypeOf<{ filename: string, content: string, note: string }>()
// @ts-expect-error  a file field takes a Blob, not a string
await client.POST('/v1/files/upload', { form: { file: 'x', note: 'n' } })
// @ts-expect-error  the route reads a form, not a JSON body
await client.POST('/v1/files/login', { body: { username: 'a', password: 'b' } })
// @ts-expect-error  included under /v1: there is no /files/upload
await client.POST('/files/upload', { form: { file: new Blob(['x']), note: 'n' } })

// A router's own type makes a client too, and so does a union of routers.
const users = new APIRouter({ prefix: '/users' })
  .get('/me', { deps: { user: Depends(() => ({ username: 'jo' })) } }, ({ deps }) => deps.user)
const shop = new APIRouter().get('/health', () => 'ok' as const)
const both = createClient<typeof users | typeof shop>({ baseUrl: 'http://localhost:8000' })
const user = await both.GET('/users/me')
// A route with dependencies may answer 422 for the params they read.
expectTypeOf(user.status).toEqualTypeOf<200 | 422>()
if (user.status === 200) expectTypeOf(user.data).toEqualTypeOf<{ username: string }>()
expectTypeOf((await both.GET('/health')).data).toEqualTypeOf<'ok'>()

// A route declared in a statement of its own still works; only a chain records it in the type.
const statements = new APIRouter({ prefix: '/s' })
statements.get('/a', () => 1)
// @ts-expect-error  /s/a was not declared in the chain that made the type
await createClient<typeof statements>().GET('/s/a')

// A handler that sends by itself (the reply) gives no data type.
const replying = app.api.get('/raw', ({ reply }): FastifyReply => reply.send('x'))
expectTypeOf((await createClient<typeof replying>({ app }).GET('/raw')).data).toEqualTypeOf<unknown>()

// Params a dependency declares are the route's too (FastAPI's way), to any depth: a pagination
// dependency's query, a header read by a sub-dependency, a path param a dependency reads.
const pagination = Depends({ query: z.object({ skip: z.int().default(0), limit: z.int().max(100).default(10) }) }, ({ query }) => query)
const token = Depends({ headers: z.object({ x_token: z.string() }) }, ({ headers }) => headers.x_token)
const owner = Depends({ deps: { token }, cookies: z.object({ session: z.string().optional() }) }, ({ deps }) => deps.token)
const itemParam = Depends({ params: z.object({ item_id: z.int() }) }, ({ params }) => params.item_id)
const withDeps = new APIRouter({ prefix: '/orders' })
  .get('/', { query: z.object({ q: z.string().optional() }), deps: { page: pagination, owner } }, ({ query, deps }) => ({ q: query.q, ...deps.page, owner: deps.owner }))
  .get('/{item_id}', { dependencies: [Depends(itemParam, { useCache: false }), token] }, () => null)
const orders = createClient<typeof withDeps>({ app })
await orders.GET('/orders/', { params: { query: { q: 'a', skip: 10, limit: 5 }, header: { x_token: 't' }, cookie: { session: 's' } } })
await orders.GET('/orders/{item_id}', { params: { path: { item_id: 3 }, header: { x_token: 't' } } })
// @ts-expect-error  the owner dependency's token dependency needs the x_token header
await orders.GET('/orders/', { params: { query: { skip: 10 } } })
// @ts-expect-error  the pagination dependency's limit is an int
await orders.GET('/orders/', { params: { query: { limit: 'ten' }, header: { x_token: 't' } } })
// @ts-expect-error  the dependency's item_id param is an int
await orders.GET('/orders/{item_id}', { params: { path: { item_id: 'three' }, header: { x_token: 't' } } })
// @ts-expect-error  neither the route nor its dependencies read a 'page' query param
await orders.GET('/orders/', { params: { query: { page: 2 }, header: { x_token: 't' } } })

// The errors a dependency declares are statuses of the routes that use it, to any depth, with
// FastAPI's `{ detail }`; a status the route declares itself keeps the route's model.
const verified = Depends({ headers: z.object({ x_token: z.string() }), errors: [{ status: 401, description: 'Bad token' }] }, ({ headers }) => headers.x_token)
const admin = Depends({ deps: { verified }, errors: [{ status: 403 }] }, ({ deps }) => deps.verified)
const guarded = new APIRouter({ prefix: '/admin' })
  .get('/stats', { deps: { admin } }, () => ({ users: 1 }))
  .get('/audit', { deps: { admin }, responses: { 403: { model: z.object({ reason: z.string() }) } } }, () => ({ entries: 0 }))
const guardedClient = createClient<typeof guarded>({ app })
const stats = await guardedClient.GET('/admin/stats', { params: { header: { x_token: 't' } } })
expectTypeOf(stats.status).toEqualTypeOf<200 | 401 | 403 | 422>()
if (stats.status === 401) expectTypeOf(stats.error).toEqualTypeOf<{ detail: unknown }>()
if (stats.status === 200) expectTypeOf(stats.data).toEqualTypeOf<{ users: number }>()
const audit = await guardedClient.GET('/admin/audit', { params: { header: { x_token: 't' } } })
expectTypeOf(audit.status).toEqualTypeOf<200 | 401 | 403 | 422>()
if (audit.status === 403) expectTypeOf(audit.error).toEqualTypeOf<{ reason: string }>()
