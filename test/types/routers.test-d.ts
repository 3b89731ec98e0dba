// Type tests for APIRouter and versioned(): checked by `tsc` in `npm test`. Routes declared on
// a router infer exactly as on app.api, at any nesting depth, and every misuse below must not
// compile, with the reason after each expected error.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, HTTPException, fastapi, versioned, type APIRouterOptions, type IncludeOptions } from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi)

interface User { username: string, admin: boolean }

const verifyToken = Depends({ headers: z.object({ x_token: z.string() }) }, ({ headers }) => {
  if (headers.x_token !== 'fake-super-secret-token') throw new HTTPException(400, 'X-Token header invalid')
})
const currentUser = Depends(async (): Promise<User> => ({ username: 'rick', admin: true }))
const pagination = Depends({ query: z.object({ skip: z.number().int().default(0), limit: z.number().int().default(10) }) }, ({ query }) => query)

const Item = z.object({ name: z.string(), price: z.number() })

const items = new APIRouter({ prefix: '/items', tags: ['items'], dependencies: [verifyToken], responses: { 404: { description: 'Not found' } } })

// Params, query, headers, body and deps are the schemas' and the dependencies' outputs.
items.put('/{item_id}', {
  params: z.object({ item_id: z.number().int() }),
  query: z.object({ q: z.string().optional(), tag: z.array(z.string()).default([]) }),
  headers: z.object({ x_request_id: z.uuid() }),
  body: Item,
  deps: { user: currentUser, page: pagination },
  response: Item.extend({ item_id: z.number() }),
  responses: { 403: { description: 'Operation forbidden', model: z.object({ detail: z.string() }) } },
}, ({ params, query, headers, body, deps, request, reply }) => {
  expectTypeOf(params.item_id).toEqualTypeOf<number>()
  expectTypeOf(query.q).toEqualTypeOf<string | undefined>()
  expectTypeOf(query.tag).toEqualTypeOf<string[]>()
  expectTypeOf(headers.x_request_id).toEqualTypeOf<string>()
  expectTypeOf(body).toEqualTypeOf<{ name: string, price: number }>()
  expectTypeOf(deps.user).toEqualTypeOf<User>()
  expectTypeOf(deps.page).toEqualTypeOf<{ skip: number, limit: number }>()
  expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
  expectTypeOf(reply).toEqualTypeOf<FastifyReply>()
  // @ts-expect-error  'itemId' is not a declared param (the param is item_id)
  void params.itemId
  // @ts-expect-error  'skip' is a query param of the pagination dependency, not of the route
  void query.skip
  // @ts-expect-error  'usr' is not a declared dep (the dep is 'user')
  void deps.usr
  return { ...body, item_id: params.item_id }
})

// Path params need a schema, on a router as on the app.
// @ts-expect-error  the path has {item_id} and :tag, and no params schema declares them
items.get('/{item_id}/tags/:tag', () => null)

items.get('/{item_id}/tags/:tag', { params: z.object({ item_id: z.string(), tag: z.string() }) }, ({ params, deps }) => {
  expectTypeOf(params).toEqualTypeOf<{ item_id: string, tag: string }>()
  // @ts-expect-error  no deps were declared on this route (router dependencies give no values)
  void deps.verifyToken
  return params
})

// @ts-expect-error  the handler returns a price as a string, which the response model does not accept
items.post('/', { body: Item, response: Item }, ({ body }) => ({ name: body.name, price: String(body.price) }))

// @ts-expect-error  'qurey' is not a route option (misspelled 'query')
items.get('/typo', { qurey: z.object({}) }, () => 'x')

// @ts-expect-error  a documented response's model is a zod schema
items.get('/bad-model', { responses: { 404: { model: { detail: 'string' } } } }, () => 'x')

// Declaring returns the router, so routes chain; includeRouter returns the including router.
expectTypeOf(items.get('/chained', () => 'x')).toEqualTypeOf<APIRouter>()
const api = new APIRouter({ prefix: '/api' })
expectTypeOf(api.includeRouter(items, { prefix: '/shop', tags: ['shop'], dependencies: [verifyToken] })).toEqualTypeOf<APIRouter>()

// A router three levels down still infers its routes.
const internal = new APIRouter({ prefix: '/internal' })
const deep = new APIRouter({ prefix: '/deep' })
deep.get('/{n}', { params: z.object({ n: z.number() }), deps: { user: currentUser } }, ({ params, deps }) => {
  expectTypeOf(params.n).toEqualTypeOf<number>()
  expectTypeOf(deps.user.admin).toEqualTypeOf<boolean>()
  return { n: params.n }
})
api.includeRouter(internal.includeRouter(deep))

// Routers register as Fastify plugins, with include_router's options.
await app.register(api)
await app.register(api, { prefix: '/v2', tags: ['v2'], dependencies: [verifyToken], responses: { 401: { description: 'No' } }, deprecated: true, includeInSchema: false })
app.api.includeRouter(api, { prefix: '/v3', tags: ['v3'] })

// @ts-expect-error  tags is an array of strings, not a string
await app.register(api, { tags: 'x' })
// @ts-expect-error  deprecated is a boolean
await app.register(api, { deprecated: 'yes' })
// @ts-expect-error  dependencies are Depends(...) values, not plain functions
await app.register(api, { dependencies: [() => 'token'] })
// @ts-expect-error  tags is an array of strings, not a string
app.api.includeRouter(api, { tags: 'x' })
// @ts-expect-error  tags is an array of strings, not a string
api.includeRouter(items, { tags: 'x' })
// @ts-expect-error  only an APIRouter can be included, not a plain plugin
api.includeRouter(async () => {})
// @ts-expect-error  a prefix is a string
void new APIRouter({ prefix: 1 })
// @ts-expect-error  'prefx' is not a router option (misspelled 'prefix')
void new APIRouter({ prefx: '/items' })

expectTypeOf<APIRouterOptions['tags']>().toEqualTypeOf<string[] | undefined>()
expectTypeOf<IncludeOptions>().toEqualTypeOf<APIRouterOptions>()

// versioned(): routers per version, alone, in an array, or with a deprecation.
await app.register(versioned({
  v1: { routers: [items, deep], deprecated: { since: '2026-06-01', sunset: new Date('2027-01-01'), successor: 'v2', goneAfterSunset: true } },
  v2: [items, deep],
  v3: items,
}))
// @ts-expect-error  a deprecation needs its since date
versioned({ v1: { routers: items, deprecated: { sunset: '2027-01-01' } } })
// @ts-expect-error  a version's routers are APIRouters
versioned({ v1: ['items'] })
// @ts-expect-error  deprecated is a deprecation object, not a boolean
versioned({ v1: { routers: items, deprecated: true } })
