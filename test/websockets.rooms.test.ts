import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { REDIS_URL, testKeyPrefix } from './helpers/redis.js'
import { connect, listen } from './helpers/websockets.js'

// Rooms: a socket joins one, a broadcast reaches every socket in it, in this process and,
// over Redis pub/sub (the real one at 127.0.0.1:6379), on every other instance of the app.

const Event = z.object({ type: z.literal('event'), text: z.string() })

async function instance (websockets: object = {}): Promise<{ app: FastifyInstance, base: string }> {
  const app = Fastify()
  await app.register(fastapi, { websockets })
  app.api.websocket('/rooms/{room}', { params: z.object({ room: z.string() }), outgoing: Event }, async ({ params, socket }) => {
    await socket.join(params.room)
    socket.send({ type: 'event', text: 'joined' })
  })
  return { app, base: await listen(app) }
}

describe('websocket rooms', () => {
  it('broadcasts to every socket in a room and to no other, and forgets a socket that closed', async () => {
    const { app, base } = await instance()
    const a = await connect(`${base}/rooms/lobby`)
    const b = await connect(`${base}/rooms/lobby`)
    const other = await connect(`${base}/rooms/kitchen`)
    for (const client of [a, b, other]) expect(await client.next()).toEqual({ type: 'event', text: 'joined' })
    expect(app.websockets.roomSize('lobby')).toBe(2)
    await app.websockets.broadcast('lobby', { type: 'event', text: 'hello', extra: 'stripped' })
    expect(await a.next()).toEqual({ type: 'event', text: 'hello' })
    expect(await b.next()).toEqual({ type: 'event', text: 'hello' })
    await app.websockets.broadcast('kitchen', { type: 'event', text: 'soup' })
    expect(await other.next()).toEqual({ type: 'event', text: 'soup' })
    a.socket.close()
    await a.closed
    await expect.poll(() => app.websockets.roomSize('lobby')).toBe(1)
    expect(app.websockets.size).toBe(2)
  })

  it('does not send a broadcast that fails a socket\'s outgoing schema (logged), and sends the next', async () => {
    const { app, base } = await instance()
    const client = await connect(`${base}/rooms/lobby`)
    await client.next()
    await app.websockets.broadcast('lobby', { type: 'other' })
    await app.websockets.broadcast('lobby', { type: 'event', text: 'valid' })
    expect(await client.next()).toEqual({ type: 'event', text: 'valid' })
  })

  it('reaches sockets on another instance through Redis, once each', async () => {
    const redisPrefix = testKeyPrefix().slice(0, -1)
    const one = await instance({ redis: REDIS_URL, redisPrefix })
    const two = await instance({ redis: REDIS_URL, redisPrefix })
    const here = await connect(`${one.base}/rooms/orders`)
    const there = await connect(`${two.base}/rooms/orders`)
    const elsewhere = await connect(`${two.base}/rooms/other`)
    // 'joined' is sent once the room's subscription is in place.
    for (const client of [here, there, elsewhere]) expect(await client.next()).toEqual({ type: 'event', text: 'joined' })
    await one.app.websockets.broadcast('orders', { type: 'event', text: 'from one' })
    await two.app.websockets.broadcast('orders', { type: 'event', text: 'from two' })
    // A local delivery is at once, a remote one after a trip through Redis: the order between instances is not kept.
    const texts = async (client: typeof here) => [await client.next(), await client.next()].map((message) => (message as { text: string }).text).sort()
    expect(await texts(here)).toEqual(['from one', 'from two'])
    expect(await texts(there)).toEqual(['from one', 'from two'])
    // Nothing more arrives: each instance delivered its own broadcast once, not again from Redis.
    await one.app.websockets.broadcast('orders', { type: 'event', text: 'last' })
    expect(await there.next()).toEqual({ type: 'event', text: 'last' })
    expect(await here.next()).toEqual({ type: 'event', text: 'last' })
    await two.app.websockets.broadcast('other', { type: 'event', text: 'only other' })
    expect(await elsewhere.next()).toEqual({ type: 'event', text: 'only other' })
  })
})
