// Type tests for response classes and streams: checked by `tsc` in `npm test`.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import {
  EventSourceResponse, FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response, ServerSentEvent, StreamingResponse,
  fastapi, type ResponseClass, type RouteOptions,
} from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi, { errors: { serverError: 'text' } })
// @ts-expect-error  serverError is 'json' or 'text'
await app.register(fastapi, { errors: { serverError: 'html' } })

const Item = z.object({ name: z.string(), price: z.number() })

// A class route's handler returns the class's content: text for HTMLResponse, a URL for a redirect.
app.api.get('/page', { responseClass: HTMLResponse }, () => '<h1>hi</h1>')
app.api.get('/text', { responseClass: PlainTextResponse }, async () => 'Hello World')
app.api.get('/go', { responseClass: RedirectResponse, status: 302 }, () => new URL('https://example.com'))
app.api.get('/file', { responseClass: FileResponse }, () => '/tmp/report.csv')
// @ts-expect-error  an HTMLResponse route returns text, not an object
app.api.get('/page2', { responseClass: HTMLResponse }, () => ({ html: '<h1>hi</h1>' }))
// @ts-expect-error  responseClass is a response class, not a media type
app.api.get('/page3', { responseClass: 'text/html' }, () => '<h1>hi</h1>')

// Any route may return a Response instead of its model's value.
app.api.get('/item', { response: Item }, () => new JSONResponse({ message: 'Item not found' }, { status: 404 }))
app.api.get('/legacy', () => new Response('<shampoo/>', { mediaType: 'application/xml' }))

// A generator handler yields the model's items (JSON Lines), or events (server-sent events).
app.api.get('/items/stream', { response: Item }, async function * () { yield { name: 'Plumbus', price: 32.99 } })
app.api.get('/events', { responseClass: EventSourceResponse, response: Item }, async function * () {
  yield { name: 'Portal Gun', price: 999.99 }
  yield new ServerSentEvent({ event: 'done', data: { ok: true } })
})
// @ts-expect-error  a JSON Lines item must fit the model: price is a number
app.api.get('/items/bad', { response: Item }, async function * () { yield { name: 'Plumbus', price: 'free' } })
// @ts-expect-error  EventSourceResponse streams what a generator yields: a plain handler is refused
app.api.get('/events2', { responseClass: EventSourceResponse }, () => 'one event')

// A StreamingResponse streams strings or bytes, from a generator handler or a returned one.
class PNGStreamingResponse extends StreamingResponse {
  static override mediaType: string | undefined = 'image/png'
}
app.api.get('/image', { responseClass: PNGStreamingResponse }, function * () { yield new Uint8Array([0x89]) })
app.api.get('/video', () => new StreamingResponse((async function * () { yield 'bytes' })()))

// Subclasses are response classes; the fields of an event are typed.
expectTypeOf(PNGStreamingResponse).toMatchTypeOf<ResponseClass>()
expectTypeOf<RouteOptions['responseClass']>().toEqualTypeOf<ResponseClass | undefined>()
expectTypeOf(new ServerSentEvent({ id: '1', retry: 5000 }).retry).toEqualTypeOf<number | undefined>()
// @ts-expect-error  retry is milliseconds, a number
new ServerSentEvent({ retry: '5s' })
// @ts-expect-error  a ServerSentEvent has no `name` field
new ServerSentEvent({ name: 'update' })
