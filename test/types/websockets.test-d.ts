// Type tests for websocket routes: checked by `tsc` in `npm test`.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, fastapi } from 'fastify-fastapi'
import { CloseCode, WebSocketDisconnect, WebSocketException, type WebSocketConnection } from 'fastify-fastapi/websockets'

const app = Fastify()
await app.register(fastapi, { websockets: { maxPayload: 65536, pingIntervalMs: 10_000 } })

const Incoming = z.discriminatedUnion('type', [
  z.object({ type: z.literal('say'), text: z.string() }),
  z.object({ type: z.literal('leave') }),
])
const Outgoing = z.object({ type: z.literal('said'), text: z.string(), at: z.number().default(0) })
const currentUser = Depends(() => ({ id: 1, name: 'alice' }))

app.api.websocket('/rooms/{room_id}', {
  params: z.object({ room_id: z.coerce.number().int() }),
  query: z.object({ token: z.string() }),
  deps: { user: currentUser },
  incoming: Incoming,
  outgoing: Outgoing,
}, async ({ params, query, deps, socket }) => {
  expectTypeOf(params.room_id).toEqualTypeOf<number>()
  expectTypeOf(query.token).toEqualTypeOf<string>()
  expectTypeOf(deps.user.name).toEqualTypeOf<string>()
  // @ts-expect-error  'room' is not a declared param
  params.room
  const message = await socket.receive()
  expectTypeOf(message).toEqualTypeOf<{ type: 'say', text: string } | { type: 'leave' }>()
  if (message.type === 'say') expectTypeOf(message.text).toEqualTypeOf<string>()
  for await (const each of socket) expectTypeOf(each.type).toEqualTypeOf<'say' | 'leave'>()
  // The outgoing schema's input: a field with a default may be left out.
  socket.send({ type: 'said', text: 'hi' })
  // @ts-expect-error  'shout' is not an outgoing message type
  socket.send({ type: 'shout', text: 'hi' })
  // @ts-expect-error  text must be a string
  socket.send({ type: 'said', text: 1 })
  socket.join(`room:${params.room_id}`)
})

// Without schemas: text in, any JSON out; the path's params are strings when a dependency declares them.
app.api.websocket('/echo', async ({ socket }) => {
  expectTypeOf(await socket.receive()).toEqualTypeOf<string | Buffer>()
  socket.send({ anything: true })
})

// @ts-expect-error  'incomming' is not an option
app.api.websocket('/typo', { incomming: Incoming }, () => undefined)

const router = new APIRouter({ prefix: '/live' })
router.websocket('/orders', { outgoing: Outgoing }, ({ socket }) => {
  expectTypeOf(socket).toEqualTypeOf<WebSocketConnection<string | Buffer, z.input<typeof Outgoing>>>()
})

expectTypeOf(app.websockets.broadcast).toEqualTypeOf<(room: string, message: unknown) => Promise<void>>()
expectTypeOf(new WebSocketDisconnect(1000).code).toEqualTypeOf<number>()

// docs/websockets.md's example, FastAPI's tutorial beside it.
const cookieOrToken = Depends({
  cookies: z.object({ session: z.string().optional() }),
  query: z.object({ token: z.string().optional() }),
}, ({ cookies, query }) => {
  const value = cookies.session ?? query.token
  if (value === undefined) {
    throw new WebSocketException(CloseCode.policyViolation)
  }
  return value
})

app.api.websocket('/items/{item_id}/ws', {
  params: z.object({ item_id: z.string() }),
  query: z.object({ q: z.coerce.number().int().optional() }),
  deps: { cookieOrToken },
  incoming: z.object({ text: z.string() }),
  outgoing: z.object({ item_id: z.string(), text: z.string(), q: z.number().optional(), token: z.string() }),
}, async ({ params, query, deps, socket }) => {
  for await (const message of socket) {
    socket.send({ item_id: params.item_id, text: message.text, q: query.q, token: deps.cookieOrToken })
  }
})
