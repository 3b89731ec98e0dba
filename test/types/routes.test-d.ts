// Type tests: checked by `tsc` in `npm test`. Each shows what a handler infers, and a misuse
// that must not compile, with the reason after every @ts-expect-error.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { APIRouter, fastapi, type PathParamNames } from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi)

const Item = z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()).default([]) })
const ItemOut = z.object({ name: z.string(), price: z.number() })

// Params, query, headers, cookies and body are the schemas' outputs, with no annotation.
app.api.get('/items/{item_id}', {
  params: z.object({ item_id: z.number().int() }),
  query: z.object({ q: z.string().optional(), skip: z.number().int().default(0), tag: z.array(z.string()).default([]) }),
  headers: z.object({ x_token: z.string() }),
  cookies: z.object({ session: z.string().optional() }),
}, ({ params, query, headers, cookies, body, request, reply }) => {
  expectTypeOf(params.item_id).toEqualTypeOf<number>()
  expectTypeOf(query.q).toEqualTypeOf<string | undefined>()
  expectTypeOf(query.skip).toEqualTypeOf<number>()
  expectTypeOf(query.tag).toEqualTypeOf<string[]>()
  expectTypeOf(headers.x_token).toEqualTypeOf<string>()
  expectTypeOf(cookies.session).toEqualTypeOf<string | undefined>()
  expectTypeOf(body).toEqualTypeOf<undefined>()
  expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
  expectTypeOf(reply).toEqualTypeOf<FastifyReply>()
  // @ts-expect-error  'itemId' is not a declared param (the param is item_id)
  void params.itemId
  // @ts-expect-error  'limit' is not a declared query param
  void query.limit
  return { item_id: params.item_id }
})

// A path param needs a schema: a route with neither `params` nor dependencies (which may
// declare it) does not compile, and is refused at registration.
// @ts-expect-error  the path has {user_id} and :post_id, and no params schema declares them
app.api.get('/users/{user_id}/posts/:post_id', () => null)
// @ts-expect-error  the path has {item_id}; options without params do not declare it
app.api.get('/items/{item_id}', { query: z.object({ q: z.string() }) }, () => null)

// When dependencies declare the path params, the route's own view of them is the path's strings.
app.api.get('/users/{user_id}', { deps: {} }, ({ params, query }) => {
  expectTypeOf(params).toEqualTypeOf<{ user_id: string }>()
  // @ts-expect-error  no query was declared, so no query param can be read
  void query.q
  return params
})

// A path without params needs no options.
app.api.get('/static', ({ params }) => {
  expectTypeOf(params).toEqualTypeOf<Record<never, never>>()
  return 'static'
})

expectTypeOf<PathParamNames<'/files/{file_path:path}'>>().toEqualTypeOf<'file_path'>()
expectTypeOf<PathParamNames<'/a/:b(^\\d+$)/c/:d'>>().toEqualTypeOf<'b' | 'd'>()
expectTypeOf<PathParamNames<'/static'>>().toEqualTypeOf<never>()

// The body is the model's output; the return value must fit the response model's input.
app.api.post('/items/', { body: Item, response: ItemOut, status: 201 }, ({ body }) => {
  expectTypeOf(body).toEqualTypeOf<{ name: string, price: number, tags: string[] }>()
  return body // extra fields are fine: the model strips them at run time
})

// @ts-expect-error  the handler returns a price as a string, which ItemOut does not accept
app.api.post('/wrong/', { body: Item, response: ItemOut }, ({ body }) => ({ name: body.name, price: String(body.price) }))

// One model per status: the handler may return either.
app.api.get('/maybe', { response: { 200: ItemOut, 404: z.object({ message: z.string() }) } },
  ({ reply }) => Math.random() > 0.5 ? { name: 'a', price: 1 } : reply.code(404).send({ message: 'gone' }))

// Several body params (FastAPI's `item: Item, user: User, importance: int = Body()`): the body
// is one value per param, a param with a default always there, an optional one maybe not.
const User = z.object({ username: z.string() })
app.api.put('/items/{item_id}', { params: z.object({ item_id: z.int() }), body: { item: Item, user: User, importance: z.int(), note: z.string().optional() } }, ({ body }) => {
  expectTypeOf(body).toEqualTypeOf<{ item: { name: string, price: number, tags: string[] }, user: { username: string }, importance: number, note?: string | undefined }>()
  // @ts-expect-error  'owner' is not one of the declared body params
  void body.owner
  return body.item
})

// @ts-expect-error  a body param must be a zod schema, not a plain value
app.api.post('/bad-body', { body: { item: 'Item' } }, () => 'x')

// @ts-expect-error  'qurey' is not a route option (misspelled 'query')
app.api.get('/typo', { qurey: z.object({}) }, () => 'x')

// @ts-expect-error  path, query, header and cookie schemas must be zod objects
app.api.get('/not-object', { query: z.string() }, () => 'x')

// A route's handlerTimeout is a number of milliseconds; the handler sees request.signal.
app.api.get('/reports', { handlerTimeout: 10_000 }, ({ request }) => {
  expectTypeOf(request.signal).toEqualTypeOf<AbortSignal>()
  return 'x'
})
// @ts-expect-error  handlerTimeout is a number of milliseconds, not a string
app.api.get('/reports-typo', { handlerTimeout: '10s' }, () => 'x')

// Routers infer the same way.
const router = new APIRouter({ prefix: '/v1', tags: ['v1'] })
router.get('/things/{thing_id}', { params: z.object({ thing_id: z.uuid() }) }, ({ params }) => {
  expectTypeOf(params.thing_id).toEqualTypeOf<string>()
  return params
})
await app.register(router)
