import type { FastifyBaseLogger } from 'fastify'
import type { RawData, WebSocket } from 'ws'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { CloseCode, closeReason, WebSocketDisconnect } from './close-codes.js'
import { readMessage, type MessageReader } from './messages.js'
import type { InvalidMessageAction } from './types.js'

/** What a connection needs from the app: the rooms it joins, and the set of live connections (for keepalive and shutdown). */
export interface ConnectionHub {
  add (connection: WebSocketConnection<unknown, unknown>): void
  remove (connection: WebSocketConnection<unknown, unknown>): void
  join (connection: WebSocketConnection<unknown, unknown>, room: string): Promise<void>
  leave (connection: WebSocketConnection<unknown, unknown>, room: string): void
}

/** A route's message settings, decided at registration. */
export interface MessagePlan {
  read: MessageReader
  /** The `outgoing` model's compiled serializer (it throws for a message that fails the model); `null`: JSON.stringify. */
  serialize: ((message: unknown) => string) | null
  onInvalidMessage: InvalidMessageAction
  /** Past this many bytes waiting to be written to a client, it is too slow: closed with 1008. */
  maxBufferedBytes: number
  /** Messages read ahead of the handler before the socket stops reading (TCP then holds the client back). */
  maxQueuedMessages: number
  /** How long a closing socket may take to finish its handshake before it is cut. */
  closeTimeoutMs: number
}

interface Waiter<TIn> {
  resolve (message: TIn): void
  reject (error: WebSocketDisconnect): void
}

/**
 * An accepted websocket, typed by its route: `send` validates through `outgoing`, `receive()`
 * and `for await` give messages parsed and validated through `incoming`. An invalid message
 * gets an error frame in FastAPI's error vocabulary (`{"type":"error","detail":[...]}`) or a
 * close with 1007, never an exception in the handler. Starlette's `WebSocket`, with types.
 */
export class WebSocketConnection<TIn = unknown, TOut = unknown> {
  /** The `ws` socket underneath, for what this class does not cover (binary frames, extensions). */
  readonly raw: WebSocket
  /** Resolves when the socket has closed, with its code and reason. */
  readonly closed: Promise<WebSocketDisconnect>
  /** Whether it answered the last keepalive ping. */
  alive = true
  readonly #plan: MessagePlan
  readonly #hub: ConnectionHub
  readonly #log: FastifyBaseLogger
  readonly #queue: TIn[] = []
  readonly #waiters: Waiter<TIn>[] = []
  readonly #rooms = new Set<string>()
  // One list for every message: a valid one (nearly all) allocates none; an invalid one is answered before the next.
  readonly #errors: ValidationErrorItem[] = []
  #disconnect: WebSocketDisconnect | null = null
  #paused = false

  constructor (raw: WebSocket, plan: MessagePlan, hub: ConnectionHub, log: FastifyBaseLogger) {
    this.raw = raw
    this.#plan = plan
    this.#hub = hub
    this.#log = log
    this.closed = new Promise((resolve) => {
      raw.once('close', (code: number, reason: Buffer) => {
        const disconnect = new WebSocketDisconnect(code, reason.toString())
        this.#disconnect = disconnect
        for (const room of this.#rooms) hub.leave(this as WebSocketConnection<unknown, unknown>, room)
        this.#rooms.clear()
        hub.remove(this as WebSocketConnection<unknown, unknown>)
        for (const waiter of this.#waiters.splice(0)) waiter.reject(disconnect)
        resolve(disconnect)
      })
    })
    raw.on('message', (data: RawData, isBinary: boolean) => { this.#onMessage(data, isBinary) })
    raw.on('pong', () => { this.alive = true })
    hub.add(this as WebSocketConnection<unknown, unknown>)
  }

  #onMessage (data: RawData, isBinary: boolean): void {
    const errors: ValidationErrorItem[] = this.#errors
    const message = readMessage(this.#plan.read, data, isBinary, errors) as TIn
    if (errors.length > 0) {
      this.#invalid(errors)
      errors.length = 0
      return
    }
    const waiter = this.#waiters.shift()
    if (waiter !== undefined) return waiter.resolve(message)
    this.#queue.push(message)
    // A handler that reads slower than the client writes: stop reading, TCP holds the client back.
    if (this.#queue.length >= this.#plan.maxQueuedMessages && !this.#paused) {
      this.#paused = true
      this.raw.pause()
    }
  }

  #invalid (errors: ValidationErrorItem[]): void {
    if (this.#plan.onInvalidMessage === 'close') {
      this.close(CloseCode.invalidPayload, JSON.stringify(errors))
      return
    }
    this.#write(JSON.stringify({ type: 'error', detail: errors }))
  }

  /**
   * Sends a message, validated and shaped by the route's `outgoing` schema (extra fields are
   * stripped), as JSON. Returns `false` when the socket is closing or closed: nothing is sent.
   * A message that fails `outgoing` is a server bug: it throws, and nothing is sent.
   */
  send (message: TOut): boolean {
    const { serialize } = this.#plan
    return this.#write(serialize === null ? JSON.stringify(message) : serialize(message))
  }

  /** Sends a text as it is (no schema): for a message serialized once for many sockets. */
  sendText (text: string): boolean {
    return this.#write(text)
  }

  #write (text: string): boolean {
    if (this.raw.readyState !== this.raw.OPEN) return false
    this.raw.send(text)
    // A client that does not read: its messages would wait in memory without end. Close it.
    if (this.raw.bufferedAmount > this.#plan.maxBufferedBytes) {
      this.#log.warn({ bufferedAmount: this.raw.bufferedAmount }, 'websocket client too slow: closing it')
      this.close(CloseCode.policyViolation, `client too slow: more than ${this.#plan.maxBufferedBytes} bytes waiting`)
    }
    return true
  }

  /** The next message; rejects with `WebSocketDisconnect` once the socket is closed (FastAPI's `receive_json`). */
  receive (): Promise<TIn> {
    if (this.#queue.length > 0) return Promise.resolve(this.#dequeue())
    if (this.#disconnect !== null) return Promise.reject(this.#disconnect)
    return new Promise((resolve, reject) => { this.#waiters.push({ resolve, reject }) })
  }

  #dequeue (): TIn {
    const message = this.#queue.shift() as TIn
    if (this.#paused && this.#queue.length < this.#plan.maxQueuedMessages / 2) {
      this.#paused = false
      this.raw.resume()
    }
    return message
  }

  /**
   * Messages until the socket closes: `for await (const message of socket)`. A plain
   * iterator, not an async generator over `receive()`: one promise per message, not three.
   */
  [Symbol.asyncIterator] (): AsyncIterator<TIn, undefined> {
    const done: IteratorReturnResult<undefined> = { done: true, value: undefined }
    return {
      next: () => {
        if (this.#queue.length > 0) return Promise.resolve({ done: false, value: this.#dequeue() })
        if (this.#disconnect !== null) return Promise.resolve(done)
        return new Promise((resolve) => {
          this.#waiters.push({ resolve: (value) => { resolve({ done: false, value }) }, reject: () => { resolve(done) } })
        })
      },
      return: () => Promise.resolve(done),
    }
  }

  /**
   * Closes the socket (1000 by default). The reason is cut to the 123 bytes a close frame
   * carries. A peer that does not answer the close (it is not reading) is cut off after
   * `closeTimeoutMs`, so its buffers are freed.
   */
  close (code: number = CloseCode.normal, reason = ''): void {
    const { raw } = this
    if (raw.readyState === raw.CLOSED) return
    if (raw.readyState !== raw.CLOSING) raw.close(code, closeReason(reason))
    const timer = setTimeout(() => { raw.terminate() }, this.#plan.closeTimeoutMs)
    timer.unref()
    raw.once('close', () => { clearTimeout(timer) })
  }

  /**
   * Joins a room: `app.websockets.broadcast(room, message)` reaches this socket, on any
   * instance. Resolves once broadcasts from other instances reach it (the Redis subscription).
   */
  join (room: string): Promise<void> {
    if (this.#disconnect !== null || this.#rooms.has(room)) return Promise.resolve()
    this.#rooms.add(room)
    return this.#hub.join(this as WebSocketConnection<unknown, unknown>, room)
  }

  leave (room: string): void {
    if (!this.#rooms.delete(room)) return
    this.#hub.leave(this as WebSocketConnection<unknown, unknown>, room)
  }

  /** The rooms it is in. */
  get rooms (): ReadonlySet<string> {
    return this.#rooms
  }

  /**
   * Sends a broadcast message, through `outgoing` when the route has one. `texts` holds each
   * route's text of it (`null`: it does not fit), so a room of a thousand sockets of one route
   * serializes it once.
   */
  deliver (message: unknown, text: string, texts: Map<unknown, string | null>): void {
    const { serialize } = this.#plan
    if (serialize === null) {
      this.#write(text)
      return
    }
    let own = texts.get(serialize)
    if (own === undefined) {
      try {
        own = serialize(message)
      } catch (error) {
        own = null
        this.#log.error({ err: error }, 'a broadcast message does not match this websocket route\'s outgoing schema: not sent')
      }
      texts.set(serialize, own)
    }
    if (own !== null) this.#write(own)
  }
}
