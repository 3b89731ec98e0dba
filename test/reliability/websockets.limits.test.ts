import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { fastapi, type FastAPIOptions } from 'fastify-fastapi'
import type { WebSocketConnection } from 'fastify-fastapi/websockets'
import { deferred } from '../helpers/deferred.js'
import { connect, listen } from '../helpers/websockets.js'

// Limits and liveness over real sockets: the largest message, a client that never reads
// (its send buffer is bounded, then it is closed), keepalive pings that drop a dead peer,
// a handler that reads slower than the client writes, and the close at shutdown.

async function server (websockets: FastAPIOptions['websockets'], handler: (socket: WebSocketConnection) => unknown) {
  const app = Fastify()
  await app.register(fastapi, { websockets })
  app.api.websocket('/ws', ({ socket }) => handler(socket))
  return { app, base: await listen(app) }
}

describe('websocket limits', () => {
  it('closes with 1009 a message over maxPayload', async () => {
    const { base } = await server({ maxPayload: 1024 }, () => undefined)
    const client = await connect(`${base}/ws`)
    client.socket.send('x'.repeat(2048))
    expect((await client.closed).code).toBe(1009)
  })

  it('takes messages up to 1 MiB by default and closes with 1009 past it', async () => {
    const received = deferred<number>()
    const { base } = await server({}, async (socket) => { received.resolve(String(await socket.receive()).length) })
    const client = await connect(`${base}/ws`)
    client.socket.send('x'.repeat(1024 * 1024))
    expect(await received.promise).toBe(1024 * 1024)
    client.socket.send('x'.repeat(1024 * 1024 + 1))
    expect((await client.closed).code).toBe(1009)
  })

  it('closes a client that never reads once its send buffer passes maxBufferedBytes, so memory stays bounded', async () => {
    const limit = 256 * 1024
    const chunk = 'x'.repeat(64 * 1024)
    const result = deferred<{ maxBuffered: number, sent: number, refused: boolean }>()
    const { base } = await server({ maxBufferedBytes: limit, closeTimeoutMs: 200 }, async (socket) => {
      let maxBuffered = 0
      let sent = 0
      // Sends until the socket refuses: the kernel's buffers fill first, then ours, up to the limit.
      while (socket.send(chunk)) {
        sent++
        maxBuffered = Math.max(maxBuffered, socket.raw.bufferedAmount)
        await new Promise((resolve) => setImmediate(resolve))
      }
      await socket.closed
      result.resolve({ maxBuffered, sent, refused: !socket.send(chunk) })
    })
    const client = await connect(`${base}/ws`)
    // The client stops reading: TCP's window closes, and the server's writes pile up.
    const raw = (client.socket as unknown as { _socket: { pause: () => void } })._socket
    raw.pause()
    const { maxBuffered, sent, refused } = await result.promise
    expect(sent).toBeGreaterThan(0)
    expect(maxBuffered).toBeLessThanOrEqual(limit + chunk.length + 64)
    expect(refused).toBe(true)
  })

  it('drops a peer that stops answering pings, and keeps one that answers', async () => {
    const closed = deferred<number>()
    const { base } = await server({ pingIntervalMs: 50 }, async (socket) => { closed.resolve((await socket.closed).code) })
    const dead = await connect(`${base}/ws`)
    const live = await connect(`${base}/ws`)
    ;(dead.socket as unknown as { _socket: { pause: () => void } })._socket.pause()
    // Terminated, no close frame: 1006 on the server's side.
    expect(await closed.promise).toBe(1006)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(live.socket.readyState).toBe(live.socket.OPEN)
  })

  it('stops reading from a client past maxQueuedMessages while the handler is behind, and loses nothing', async () => {
    const got = deferred<{ paused: boolean, messages: string[] }>()
    const started = deferred()
    const { base } = await server({ maxQueuedMessages: 5 }, async (socket) => {
      started.resolve()
      await new Promise((resolve) => setTimeout(resolve, 200))
      const paused = socket.raw.isPaused
      const messages: string[] = []
      for (let i = 0; i < 20; i++) messages.push(String(await socket.receive()))
      got.resolve({ paused, messages })
    })
    const client = await connect(`${base}/ws`)
    await started.promise
    for (let i = 0; i < 20; i++) client.socket.send(String(i))
    const { paused, messages } = await got.promise
    expect(paused).toBe(true)
    expect(messages).toEqual(Array.from({ length: 20 }, (_, i) => String(i)))
  })

  it('closes every socket with 1001 when the app closes', async () => {
    const { app, base } = await server({}, () => undefined)
    const client = await connect(`${base}/ws`)
    await app.close()
    expect((await client.closed).code).toBe(1001)
  })
})
