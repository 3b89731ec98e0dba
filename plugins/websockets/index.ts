import fastifyWebsocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { WebSocketHub, type RoomBroker } from '../../src/websockets/hub.js'
import { RedisRoomBroker } from '../../src/websockets/redis-broker.js'
import { buildAsyncApiDocument, type AsyncApiInfo } from '../../src/websockets/asyncapi.js'
import { resolveWebSocketsOptions, WEBSOCKETS_PLUGIN, type ResolvedWebSocketsOptions, type WebSocketsOptions } from '../../src/websockets/websockets-options.js'
import type { WebSocketsState } from '../../src/websockets/websockets-state.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { redisFor } from '../../src/shared/redis-connection.js'
import { kDocsState, kWebSocketsState } from '../../src/shared/symbols.js'
import '../../src/websockets/declare.js'

/** The app's websockets, beyond one route: broadcast to a room, on every instance with Redis. */
export interface AppWebSockets {
  /** Sends a message to every socket that joined `room` (`socket.join(room)`), here and, with Redis, on the other instances. */
  broadcast (room: string, message: unknown): Promise<void>
  /** How many sockets of this instance are in a room. */
  roomSize (room: string): number
  /** How many sockets are open on this instance. */
  readonly size: number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Rooms and broadcast across the app's websockets (see the websockets plugin). */
    readonly websockets: AppWebSockets
  }
}

// The docs plugin's title and version, when it is registered; the websockets' own otherwise.
function infoOf (app: FastifyInstance): AsyncApiInfo {
  const docs = (app as unknown as Record<symbol, { options?: { info?: AsyncApiInfo } } | undefined>)[kDocsState]
  const info = docs?.options?.info
  return info === undefined ? { title: 'WebSockets', version: '0.1.0' } : { title: info.title, version: info.version, ...(info.description === undefined ? {} : { description: info.description }) }
}

async function openBroker (app: FastifyInstance, options: ResolvedWebSocketsOptions): Promise<RoomBroker | null> {
  if (options.redis === null) return null
  // A URL is connected now and closed with the app; a client of the app's own stays open.
  const publisher = await redisFor(app, WEBSOCKETS_PLUGIN, 'redis', options.redis)
  // A subscribed connection only listens: rooms get a connection of their own.
  const subscriber = publisher.duplicate({ lazyConnect: true })
  subscriber.on('error', (error: Error) => { app.log.warn(`${WEBSOCKETS_PLUGIN}: Redis connection error: ${error.message}`) })
  await subscriber.connect()
  return new RedisRoomBroker(publisher, subscriber, options.redisPrefix)
}

async function websockets (app: FastifyInstance, opts: WebSocketsOptions): Promise<void> {
  const options = resolveWebSocketsOptions(opts)
  if (registeredBefore(app, WEBSOCKETS_PLUGIN, opts)) return
  const hub = new WebSocketHub(await openBroker(app, options), app.log)
  const state: WebSocketsState = { options, hub, channels: [] }
  // Our sockets close with 1001 at shutdown, before @fastify/websocket closes its server.
  const closeSockets = async (): Promise<void> => { await hub.close() }
  if (!app.hasDecorator('websocketServer')) {
    await app.register(fastifyWebsocket, {
      options: { maxPayload: options.maxPayload },
      preClose (done) {
        closeSockets().then(() => { this.websocketServer.close(() => { done() }) }, done)
      },
    })
  } else {
    app.addHook('preClose', closeSockets)
  }
  app.decorate(kWebSocketsState, state)
  const api: AppWebSockets = {
    broadcast: (room, message) => hub.broadcast(room, message),
    roomSize: (room) => hub.size(room),
    get size () { return hub.connections.size },
  }
  app.decorate('websockets', { getter: () => api })
  hub.startKeepalive(options.pingIntervalMs)
  const url = options.asyncapiUrl
  if (url !== null) {
    let document: unknown
    // Built at the first request: every route is declared by then.
    app.get(url, { schema: { hide: true } }, async () => (document ??= buildAsyncApiDocument(infoOf(app), state.channels)))
  }
}

/**
 * FastAPI's `@app.websocket` on @fastify/websocket: `app.api.websocket(path, options, handler)`
 * and `router.websocket(...)`, with dependencies solved before the upgrade, typed messages,
 * limits, keepalive, rooms (across instances over Redis) and an AsyncAPI document.
 */
export const fastapiWebSockets = fp(websockets, { fastify: '5.x', name: WEBSOCKETS_PLUGIN })
export default fastapiWebSockets

export { WebSocketConnection } from '../../src/websockets/connection.js'
export { CloseCode, WebSocketDisconnect, WebSocketException } from '../../src/websockets/close-codes.js'
export type { WebSocketsOptions } from '../../src/websockets/websockets-options.js'
export type { WebSocketOptions, WebSocketContext, WebSocketHandler, InvalidMessageAction, IncomingOf, OutgoingOf } from '../../src/websockets/types.js'
