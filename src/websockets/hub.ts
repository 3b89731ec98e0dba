import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { CloseCode } from './close-codes.js'
import type { ConnectionHub, WebSocketConnection } from './connection.js'

type Connection = WebSocketConnection<unknown, unknown>

/** Carries room messages between app instances (Redis pub/sub); each instance delivers to its own sockets. */
export interface RoomBroker {
  subscribe (room: string): Promise<void>
  unsubscribe (room: string): Promise<void>
  publish (room: string, payload: string): Promise<void>
  /** Called with every payload published on a room this instance subscribed to. */
  onMessage (listener: (room: string, payload: string) => void): void
  close (): Promise<void>
}

/**
 * The app's live websockets: the rooms they joined, keepalive pings, broadcast (in process,
 * and through a broker to other instances), and their close at shutdown.
 */
export class WebSocketHub implements ConnectionHub {
  readonly connections = new Set<Connection>()
  readonly #rooms = new Map<string, Set<Connection>>()
  readonly #subscriptions = new Map<string, Promise<void>>()
  readonly #broker: RoomBroker | null
  readonly #log: FastifyBaseLogger
  // A message this instance published comes back from Redis: it was delivered here already.
  readonly #origin = randomUUID()
  #keepalive: NodeJS.Timeout | null = null

  constructor (broker: RoomBroker | null, log: FastifyBaseLogger) {
    this.#broker = broker
    this.#log = log
    broker?.onMessage((room, payload) => {
      const newline = payload.indexOf('\n')
      if (newline < 0 || payload.slice(0, newline) === this.#origin) return
      const text = payload.slice(newline + 1)
      let message: unknown
      try {
        message = JSON.parse(text)
      } catch {
        return
      }
      this.#deliver(room, message, text)
    })
  }

  add (connection: Connection): void {
    this.connections.add(connection)
  }

  remove (connection: Connection): void {
    this.connections.delete(connection)
  }

  join (connection: Connection, room: string): Promise<void> {
    let members = this.#rooms.get(room)
    let subscribed = this.#subscriptions.get(room)
    if (members === undefined) {
      this.#rooms.set(room, members = new Set())
      // Resolves once other instances' broadcasts reach this room; a failure is logged, never thrown at the handler.
      subscribed = this.#broker === null
        ? Promise.resolve()
        : this.#broker.subscribe(room).catch((error: unknown) => { this.#log.error({ err: error, room }, 'websockets: could not subscribe to a room') })
      this.#subscriptions.set(room, subscribed)
    }
    members.add(connection)
    return subscribed ?? Promise.resolve()
  }

  leave (connection: Connection, room: string): void {
    const members = this.#rooms.get(room)
    if (members === undefined || !members.delete(connection) || members.size > 0) return
    this.#rooms.delete(room)
    this.#subscriptions.delete(room)
    this.#broker?.unsubscribe(room).catch((error: unknown) => { this.#log.error({ err: error, room }, 'websockets: could not unsubscribe from a room') })
  }

  /** How many sockets of this instance are in a room. */
  size (room: string): number {
    return this.#rooms.get(room)?.size ?? 0
  }

  /**
   * Sends a message to every socket in a room, on this instance and, with Redis, on every
   * other. Each socket's route validates it through its `outgoing` schema. Resolves once it is
   * published.
   */
  async broadcast (room: string, message: unknown): Promise<void> {
    const text = JSON.stringify(message)
    this.#deliver(room, message, text)
    if (this.#broker !== null) await this.#broker.publish(room, `${this.#origin}\n${text}`)
  }

  #deliver (room: string, message: unknown, text: string): void {
    const members = this.#rooms.get(room)
    if (members === undefined) return
    const texts = new Map<unknown, string | null>()
    for (const member of members) member.deliver(message, text, texts)
  }

  /** Pings every socket each interval; one that did not answer the last ping is cut off (a dead peer). */
  startKeepalive (intervalMs: number): void {
    if (intervalMs === 0) return
    this.#keepalive = setInterval(() => {
      for (const connection of this.connections) {
        if (!connection.alive) {
          connection.raw.terminate()
          continue
        }
        connection.alive = false
        connection.raw.ping()
      }
    }, intervalMs)
    this.#keepalive.unref()
  }

  /** At shutdown: every socket closes with 1001 (going away), the broker too. */
  async close (): Promise<void> {
    if (this.#keepalive !== null) clearInterval(this.#keepalive)
    const closed = [...this.connections].map((connection) => {
      connection.close(CloseCode.goingAway, 'server shutting down')
      return connection.closed
    })
    await Promise.all(closed)
    await this.#broker?.close()
  }
}
