import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { compileIncomingParser } from '../src/websockets/message-codecs.js'
import { connect, listen } from './helpers/websockets.js'

// Typed messages, which neither FastAPI nor @fastify/websocket validates: `incoming` parses
// and validates what the client sends, `outgoing` what the server sends; a bad message gets
// an error frame in FastAPI's error vocabulary (or a close with 1007), never a crash.

const Incoming = z.discriminatedUnion('type', [
  z.object({ type: z.literal('say'), text: z.string().min(1) }),
  z.object({ type: z.literal('add'), a: z.number(), b: z.number() }),
])
const Outgoing = z.discriminatedUnion('type', [
  z.object({ type: z.literal('said'), text: z.string() }),
  z.object({ type: z.literal('sum'), value: z.number() }),
])

async function chat (websockets: object = {}, onInvalidMessage?: 'close' | 'error-frame') {
  const app = Fastify()
  await app.register(fastapi, { websockets })
  app.api.websocket('/chat', { incoming: Incoming, outgoing: Outgoing, ...(onInvalidMessage === undefined ? {} : { onInvalidMessage }) }, async ({ socket }) => {
    for await (const message of socket) {
      if (message.type === 'say') socket.send({ type: 'said', text: message.text })
      else socket.send({ type: 'sum', value: message.a + message.b })
    }
  })
  return await listen(app)
}

describe('typed websocket messages', () => {
  it('parses and validates incoming messages and sends outgoing ones through their schema', async () => {
    const client = await connect(`${await chat()}/chat`)
    client.sendJson({ type: 'say', text: 'hi' })
    expect(await client.next()).toEqual({ type: 'said', text: 'hi' })
    client.sendJson({ type: 'add', a: 2, b: 3 })
    expect(await client.next()).toEqual({ type: 'sum', value: 5 })
  })

  it('answers a message that fails the schema with an error frame of FastAPI\'s items, and keeps the socket open', async () => {
    const client = await connect(`${await chat()}/chat`)
    client.sendJson({ type: 'add', a: 'two', b: 3 })
    expect(await client.next()).toEqual({
      type: 'error',
      detail: [{ type: 'float_parsing', loc: ['message', 'a'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'two' }],
    })
    client.sendJson({ type: 'shout' })
    const unknown = await client.next() as { type: string, detail: Array<{ type: string, loc: unknown[] }> }
    expect(unknown.type).toBe('error')
    expect(unknown.detail[0]?.loc[0]).toBe('message')
    client.sendJson({ type: 'say', text: 'still here' })
    expect(await client.next()).toEqual({ type: 'said', text: 'still here' })
  })

  it('answers a text that is not JSON with json_invalid at Python\'s position', async () => {
    const client = await connect(`${await chat()}/chat`)
    client.socket.send('{"type": "say", "text": ')
    expect(await client.next()).toEqual({
      type: 'error',
      detail: [{ type: 'json_invalid', loc: ['message', 24], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }],
    })
  })

  it('closes with 1007 on an invalid message when the route asks for it, the items in the reason', async () => {
    const client = await connect(`${await chat({}, 'close')}/chat`)
    client.sendJson({ type: 'add', a: 1 })
    const closed = await client.closed
    expect(closed.code).toBe(1007)
    expect(closed.reason).toContain('"missing"')
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123)
  })

  it('closes with 1007 on an invalid message when the plugin asks for it', async () => {
    const client = await connect(`${await chat({ onInvalidMessage: 'close' })}/chat`)
    client.socket.send('not json')
    expect((await client.closed).code).toBe(1007)
  })

  it('hands the handler what zod returns, through the compiled path or zod alike: unknown keys stripped, defaults filled', async () => {
    const app = Fastify()
    await app.register(fastapi, { websockets: {} })
    const Message = z.discriminatedUnion('type', [
      z.object({ type: z.literal('say'), text: z.string(), loud: z.boolean().default(false) }),
      z.object({ type: z.literal('add'), a: z.number(), b: z.number() }),
    ])
    expect(compileIncomingParser(Message)({ type: 'add', a: 1, b: 2, extra: true })).toEqual({ type: 'add', a: 1, b: 2 })
    app.api.websocket('/echo', { incoming: Message }, async ({ socket }) => {
      for await (const message of socket) socket.send(message)
    })
    const client = await connect(`${await listen(app)}/echo`)
    for (const [sent, received] of [
      [{ type: 'add', a: 1, b: 2 }, { type: 'add', a: 1, b: 2 }],
      [{ type: 'add', a: 1, b: 2, extra: true }, { type: 'add', a: 1, b: 2 }],
      [{ type: 'say', text: 'hi' }, { type: 'say', text: 'hi', loud: false }],
      [{ type: 'say', text: 'hi', loud: true, __proto__x: 1 }, { type: 'say', text: 'hi', loud: true }],
    ]) {
      client.sendJson(sent)
      expect(await client.next()).toEqual(received)
      expect(JSON.stringify(Message.parse(sent))).toBe(JSON.stringify(received))
    }
  })

  it('gives text as it is without an incoming schema, and strips what outgoing does not declare', async () => {
    const app = Fastify()
    await app.register(fastapi, { websockets: {} })
    app.api.websocket('/echo', { outgoing: z.object({ echo: z.string() }) }, async ({ socket }) => {
      const text = await socket.receive()
      socket.send({ echo: String(text), secret: 'never sent' } as { echo: string })
    })
    const client = await connect(`${await listen(app)}/echo`)
    client.socket.send('plain text')
    expect(await client.next()).toEqual({ echo: 'plain text' })
  })

  it('throws from send when a message fails outgoing (a server bug), and sends nothing', async () => {
    const app = Fastify()
    await app.register(fastapi, { websockets: {} })
    let thrown: unknown
    app.api.websocket('/bad', { outgoing: Outgoing }, ({ socket }) => {
      try {
        socket.send({ type: 'sum', value: 'NaN' } as unknown as { type: 'sum', value: number })
      } catch (error) {
        thrown = error
      }
      socket.send({ type: 'said', text: 'after' })
    })
    const client = await connect(`${await listen(app)}/bad`)
    expect(await client.next()).toEqual({ type: 'said', text: 'after' })
    expect(thrown).toBeInstanceOf(Error)
  })
})
