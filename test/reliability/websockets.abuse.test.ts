import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { z } from 'zod'
import { Depends, fastapi, type FastAPIOptions } from 'fastify-fastapi'
import { deferred } from '../helpers/deferred.js'
import { rawRequest } from '../helpers/raw-http.js'
import { connect, listen } from '../helpers/websockets.js'

// What a hostile websocket client tries beyond the plain limits (websockets.limits): a big
// message cut in fragments, a compression bomb, an error-frame flood it never reads, a storm
// of connections dropped mid-handler, and broken handshakes.

const Say = z.object({ type: z.literal('say'), text: z.string() })

async function chat (websockets: FastAPIOptions['websockets'] = {}) {
  const app = Fastify()
  await app.register(fastapi, { websockets })
  app.api.websocket('/chat', { incoming: Say }, async ({ socket }) => {
    for await (const message of socket) socket.send(JSON.stringify({ echo: message.text }))
  })
  return { app, base: await listen(app) }
}

describe('Websocket abuse', () => {
  it('closes with 1009 a message over maxPayload sent as many small fragments', async () => {
    const { base } = await chat({ maxPayload: 1024 })
    const client = await connect(`${base}/chat`)
    for (let index = 0; index < 4; index++) client.socket.send('x'.repeat(400), { fin: false })
    client.socket.send('x', { fin: true })
    expect((await client.closed).code).toBe(1009)
  })

  it('never negotiates permessage-deflate, so a compression bomb is not inflated', async () => {
    const { base } = await chat({ maxPayload: 1024 })
    const socket = new WebSocket(`${base}/chat`, { perMessageDeflate: true })
    socket.on('error', () => undefined)
    await new Promise((resolve) => socket.once('open', resolve))
    expect(socket.extensions).toBe('')
    socket.terminate()
  })

  it('closes a client that floods invalid messages and never reads the error frames, its buffer bounded', async () => {
    const limit = 64 * 1024
    const { base } = await chat({ maxBufferedBytes: limit, closeTimeoutMs: 200 })
    const client = await connect(`${base}/chat`)
    ;(client.socket as unknown as { _socket: { pause: () => void } })._socket.pause()
    // Each invalid message earns an error frame that echoes its input: 1 KiB out per message in.
    const bad = JSON.stringify({ type: 'shout', text: 'x'.repeat(1024) })
    const sending = setInterval(() => {
      if (client.socket.readyState !== client.socket.OPEN) return
      for (let index = 0; index < 200; index++) client.socket.send(bad)
    }, 5)
    const closed = await Promise.race([client.closed, new Promise<undefined>((resolve) => setTimeout(resolve, 15_000))])
    clearInterval(sending)
    // The server gave up on the socket (1006 seen from here: the close frame is stuck behind the unread frames).
    expect(closed).toBeDefined()
  }, 20_000)

  it('runs every dependency cleanup of 100 connections dropped mid-handler, and keeps none open', async () => {
    let opened = 0
    let released = 0
    const session = Depends(async function* session () {
      opened++
      try { yield 'session' } finally { released++ }
    })
    const app = Fastify()
    await app.register(fastapi, { websockets: {} })
    const connected = deferred<void>()
    app.api.websocket('/live', { deps: { session } }, async ({ socket }) => {
      if (opened === 100) connected.resolve()
      await socket.closed
    })
    const base = await listen(app)

    const sockets = await Promise.all(Array.from({ length: 100 }, async () => (await connect(`${base}/live`)).socket))
    await connected.promise
    for (const socket of sockets) socket.terminate()
    await expect.poll(() => released, { timeout: 5000 }).toBe(100)
    await expect.poll(() => app.websocketServer.clients.size).toBe(0)
  })

  it.each([
    ['no Sec-WebSocket-Key', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13'],
    ['an unknown Sec-WebSocket-Version', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99'],
    ['a key that is not 16 bytes of base64', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13'],
  ])('refuses a handshake with %s with 400 before the handler runs', async (_, headers) => {
    const app = Fastify()
    await app.register(fastapi, { websockets: {} })
    let ran = 0
    app.api.websocket('/chat', () => { ran++ })
    await listen(app)
    const port = (app.server.address() as { port: number }).port
    const res = await rawRequest(port, [`GET /chat HTTP/1.1\r\nHost: shop.example\r\n${headers}\r\n\r\n`])
    expect(res.status, res.body).toBe(400)
    expect(ran).toBe(0)
  })
})
