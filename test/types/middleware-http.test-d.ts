// Type tests for app.middleware('http', ...): checked by `tsc` in `npm test`. The request is
// Fastify's, callNext gives a typed response, and the middleware returns that response or one
// of the response classes.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { expectTypeOf } from 'vitest'
import { fastapi, JSONResponse, PlainTextResponse, type CallNext, type CallNextResponse, type HTTPMiddleware, type ResponseHeaders } from 'fastify-fastapi'
import { httpMiddleware } from 'fastify-fastapi/middleware'

const app = Fastify()
await app.register(fastapi)

app.middleware('http', async (request, callNext) => {
  expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
  expectTypeOf(callNext).toEqualTypeOf<CallNext>()
  const response = await callNext(request)
  expectTypeOf(response).toEqualTypeOf<CallNextResponse>()
  expectTypeOf(response.status).toEqualTypeOf<number>()
  expectTypeOf(response.headers).toEqualTypeOf<ResponseHeaders>()
  expectTypeOf(response.headers.get('x-a')).toEqualTypeOf<string | undefined>()
  expectTypeOf(response.body()).toEqualTypeOf<Promise<Buffer>>()
  expectTypeOf(response.text()).toEqualTypeOf<Promise<string>>()
  response.status = 201
  response.headers.set('X-Process-Time', 0.25)
  response.setBody('text')
  response.setBody(Buffer.from('bytes'))
  response.setBody(null)
  // @ts-expect-error  a body is text, bytes, a stream or null, not a value to serialize
  response.setBody({ id: 1 })
  // @ts-expect-error  the status is a number
  response.status = '201'
  return response
})

// Its own response, sync or async.
app.middleware('http', (request, callNext) => request.url === '/' ? new PlainTextResponse('home') : callNext(request))
app.middleware('http', async () => new JSONResponse({ detail: 'Down for maintenance' }, { status: 503 }))

// A middleware declared apart is typed by HTTPMiddleware.
const passThrough: HTTPMiddleware = (request, callNext) => callNext(request)
expectTypeOf(app.middleware('http', passThrough)).toEqualTypeOf<FastifyInstance>()

// @ts-expect-error  only 'http' middleware exists
app.middleware('websocket', passThrough)
// @ts-expect-error  a middleware returns a response, not a plain value
app.middleware('http', async () => ({ detail: 'not a response' }))
// @ts-expect-error  callNext must be given the request, as Starlette's call_next
app.middleware('http', async (_request, callNext) => callNext())

// The plugin alone.
const plain = Fastify()
await plain.register(httpMiddleware)
plain.middleware('http', passThrough)
