import type { FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Dependency } from '../depends/dependency.js'
import type { DeclaredDeps, DepsDeclaration } from '../depends/types.js'
import type { Declared, Nothing, ParamsSchema } from '../inputs/declared-inputs.js'
import type { PathParamNames } from '../routing/path.js'
import type { WebSocketConnection } from './connection.js'

/** What an invalid incoming message gets: an error frame (the socket stays open), or a close with 1007. */
export type InvalidMessageAction = 'error-frame' | 'close'

/**
 * What a websocket route declares (FastAPI's `@app.websocket` parameters, and typed messages).
 * Path, query, headers and cookies are validated, and the dependencies solved, before the
 * upgrade is accepted; `incoming` and `outgoing` type and validate the messages.
 */
export interface WebSocketOptions {
  params?: ParamsSchema
  query?: ParamsSchema
  headers?: ParamsSchema
  cookies?: ParamsSchema
  /** Dependencies, by the name the handler reads them in `deps`; solved before the upgrade, cleaned up when the socket closes. */
  deps?: DepsDeclaration
  /** Dependencies run for their side effects before the upgrade (FastAPI's `dependencies=[...]`). */
  dependencies?: Dependency<unknown>[]
  /** The messages the client sends, as JSON: a zod schema (a discriminated union, usually). Without it, messages arrive as text. */
  incoming?: z.core.$ZodType
  /** The messages the server sends: `send` is typed by it and validates through it. */
  outgoing?: z.core.$ZodType
  /** What an incoming message that is not JSON, or fails `incoming`, gets; the plugin's `onInvalidMessage` by default. */
  onInvalidMessage?: InvalidMessageAction
  summary?: string
  description?: string
  tags?: string[]
  /** `false` leaves the channel out of the AsyncAPI document. */
  includeInSchema?: boolean
}

export type WebSocketOptionName = keyof WebSocketOptions

// What `receive()` gives: the `incoming` schema's output, or the frame's text (a Buffer for a binary frame).
//   IncomingOf<{ incoming: ZodObject<{ n: ZodNumber }> }> => { n: number }
//   IncomingOf<{}>                                        => string | Buffer
export type IncomingOf<TOptions> = TOptions extends { incoming: infer TSchema extends z.core.$ZodType } ? z.output<TSchema> : string | Buffer

// What `send` takes: the `outgoing` schema's input, or any JSON value.
//   OutgoingOf<{ outgoing: ZodObject<{ n: ZodNumber }> }> => { n: number }
export type OutgoingOf<TOptions> = TOptions extends { outgoing: infer TSchema extends z.core.$ZodType } ? z.input<TSchema> : unknown

/** What a websocket handler receives: the validated inputs, the dependencies' values, and the socket. */
export interface WebSocketContext<TPath extends string = string, TOptions = WebSocketOptions> {
  params: Declared<TOptions, 'params', { [Name in PathParamNames<TPath>]: string }>
  query: Declared<TOptions, 'query', Nothing>
  headers: Declared<TOptions, 'headers', Nothing>
  cookies: Declared<TOptions, 'cookies', Nothing>
  deps: DeclaredDeps<TOptions>
  /** The accepted socket: typed `send`, `receive()`, `for await (const message of socket)`, rooms. */
  socket: WebSocketConnection<IncomingOf<TOptions>, OutgoingOf<TOptions>>
  request: FastifyRequest
}

export type WebSocketHandler<TPath extends string = string, TOptions = WebSocketOptions> =
  (context: WebSocketContext<TPath, TOptions>) => unknown

// Inferred options skip TypeScript's excess-property check; this brings it back.
//   NoUnknownWebSocketOptions<{ incomming: X }> => { incomming: never }
export type NoUnknownWebSocketOptions<TOptions> = {
  [Key in Exclude<keyof TOptions, WebSocketOptionName>]: never
}

/** `websocket(path, options, handler)` on an APIRouter and on `app.api` (FastAPI's `@router.websocket`). */
export interface WebSocketMethod<TReturn> {
  <TPath extends string, TOptions extends WebSocketOptions>(
    path: TPath,
    options: TOptions & NoUnknownWebSocketOptions<TOptions>,
    handler: WebSocketHandler<TPath, TOptions>,
  ): TReturn
  <TPath extends string>(path: TPath, handler: WebSocketHandler<TPath, Nothing>): TReturn
}
