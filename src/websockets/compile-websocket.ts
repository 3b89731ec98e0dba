import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions as FastifyRouteOptions } from 'fastify'
import type { WebSocket } from 'ws'
import { compileRoutePlans, runWithDependencies, type RoutePlans } from '../depends/route-runner.js'
import type { Dependency } from '../depends/dependency.js'
import { dependsPluginMissing, dependsStateOf, type DependsState } from '../depends/state.js'
import { HTTPException } from '../errors/http-exception.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { validationErrorLimitAt } from '../errors/validation-limit.js'
import { bareInputs, bareInputsWithWildcard, compileInputReader, validationError, type InputsReader, type RouteInputs } from '../inputs/request-inputs.js'
import type { RouteScope } from '../routing/compile-route.js'
import { parsePath } from '../routing/path.js'
import { claimRoute } from '../routing/route-registry.js'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { EMPTY } from '../shared/constants.js'
import { isPromiseLike } from '../shared/is-promise-like.js'
import { kWebSocketsState } from '../shared/symbols.js'
import { CloseCode, WebSocketException } from './close-codes.js'
import { WebSocketConnection, type MessagePlan } from './connection.js'
import { compileIncomingParser, compileOutgoingSerializer } from './message-codecs.js'
import { checkWebSocketOptions } from './websocket-options-check.js'
import type { WebSocketsState } from './websockets-state.js'
import type { WebSocketOptions } from './types.js'

type UserHandler = (context: WebSocketCallContext) => unknown

/** The handler's one argument. */
class WebSocketCallContext {
  constructor (
    readonly params: unknown,
    readonly query: unknown,
    readonly headers: unknown,
    readonly cookies: unknown,
    readonly deps: Record<string, unknown>,
    readonly socket: WebSocketConnection,
    readonly request: FastifyRequest,
  ) {}
}

/**
 * What the hook before the upgrade hands to the handler after it: the inputs, the
 * dependencies' values, and how to tell the dependencies that the session ended (their
 * cleanup runs then, and sees the handler's error).
 */
class Session {
  inputs: RouteInputs | undefined
  deps: Record<string, unknown> = EMPTY
  end: (error?: unknown) => void = () => undefined
}

const sessions = new WeakMap<FastifyRequest, Session>()

export function websocketsStateOf (instance: FastifyInstance): WebSocketsState | undefined {
  return (instance as unknown as Record<symbol, WebSocketsState | undefined>)[kWebSocketsState]
}

// @fastify/websocket marks an upgrade request (`request.ws`), the rest go to its 404 handler.
function isUpgrade (request: FastifyRequest): boolean {
  return (request as FastifyRequest & { ws?: boolean }).ws === true
}

function usesDependencies (options: WebSocketOptions, scope: RouteScope, state: DependsState | undefined): boolean {
  return options.deps !== undefined || (options.dependencies?.length ?? 0) > 0 ||
    (scope.dependencies?.length ?? 0) > 0 || (state?.dependencies.length ?? 0) > 0
}

// Refused before the upgrade, as FastAPI on uvicorn refuses it (a close before `accept` is a
// 403): the items say why, in the body a non-browser client can read.
function refuse (errors: ValidationErrorItem[], request: FastifyRequest): HTTPException {
  return new HTTPException(403, validationError(errors, request).errors)
}

/**
 * A websocket route (FastAPI's `@app.websocket`) as a Fastify route for @fastify/websocket,
 * compiled once: before the upgrade a `preValidation` hook validates path, query, headers and
 * cookies and solves the dependencies (an HTTPException a dependency throws is the HTTP
 * answer, and the upgrade never happens); after it the handler gets a typed socket; the
 * dependencies' cleanup runs once the socket has closed and the handler settled.
 */
export function compileWebSocketRoute (path: string, options: WebSocketOptions, handler: unknown, scope: RouteScope): FastifyRouteOptions {
  const route = `WEBSOCKET ${path}`
  const parsed = parsePath(path)
  checkWebSocketOptions(route, options, parsed, handler)
  const ws = websocketsStateOf(scope.instance)
  if (ws === undefined) throw new FFA_ERR_PLUGIN_MISSING(`Websocket route ${path}`, 'websockets (fastify-fastapi/websockets, or the fastapi preset\'s `websockets` option)')
  const hub = ws.hub
  const errorLimit = validationErrorLimitAt(scope.instance)
  const readInputs: InputsReader = compileInputReader(options, parsed.wildcard, errorLimit) ??
    (parsed.wildcard === undefined ? bareInputs : bareInputsWithWildcard(parsed.wildcard))
  const plan: MessagePlan = {
    read: options.incoming === undefined ? null : { schema: options.incoming, exact: compileIncomingParser(options.incoming) },
    serialize: options.outgoing === undefined ? null : compileOutgoingSerializer(options.outgoing, route),
    onInvalidMessage: options.onInvalidMessage ?? ws.options.onInvalidMessage,
    maxBufferedBytes: ws.options.maxBufferedBytes,
    maxQueuedMessages: ws.options.maxQueuedMessages,
    closeTimeoutMs: ws.options.closeTimeoutMs,
  }
  const userHandler = handler as UserHandler
  const depends = dependsStateOf(scope.instance)
  claimRoute(scope.instance, 'GET', parsed.url, scope.site ?? 'an unknown place')

  let plans: RoutePlans | null = null
  if (usesDependencies(options, scope, depends)) {
    if (depends === undefined) throw dependsPluginMissing(route)
    const dependencies = [...depends.dependencies, ...(scope.dependencies ?? []), ...(options.dependencies ?? [])]
    plans = compilePlansFor(route, options, dependencies, parsed.wildcard, errorLimit, depends, scope.instance)
  }
  ws.channels.push({ path, options, handlerName: (handler as { name: string }).name })

  const beforeUpgrade = plans === null || depends === undefined
    ? async function readBeforeUpgrade (request: FastifyRequest): Promise<void> {
      // A plain GET on a websocket path: @fastify/websocket answers 404, as Starlette does.
      if (!isUpgrade(request)) return
      const errors: ValidationErrorItem[] = []
      const session = new Session()
      session.inputs = readInputs(request, errors)
      if (errors.length > 0) throw refuse(errors, request)
      sessions.set(request, session)
    }
    : solveBeforeUpgrade(plans, depends, readInputs)

  function wsHandler (this: FastifyInstance, raw: WebSocket, request: FastifyRequest): void {
    const session = sessions.get(request) as Session
    sessions.delete(request)
    const inputs = session.inputs as RouteInputs
    const socket = new WebSocketConnection(raw, plan, hub, request.log)
    let result: unknown
    try {
      result = userHandler(new WebSocketCallContext(inputs.params, inputs.query, inputs.headers, inputs.cookies, session.deps, socket, request))
    } catch (error) {
      handlerFailed(error, socket, session, request)
      return
    }
    if (isPromiseLike(result)) {
      Promise.resolve(result).then(
        () => { void socket.closed.then(() => { session.end() }) },
        (error: unknown) => { handlerFailed(error, socket, session, request) },
      )
      return
    }
    // The socket stays open after the handler returns (a handler may only join rooms): the
    // dependencies live until it closes.
    void socket.closed.then(() => { session.end() })
  }

  return {
    method: 'GET',
    url: parsed.url,
    websocket: true,
    handler: wsHandler as unknown as FastifyRouteOptions['handler'],
    preValidation: beforeUpgrade as FastifyRouteOptions['preValidation'],
    schema: { hide: true },
  } as FastifyRouteOptions
}

// FastAPI (uvicorn) closes with 1011 when the endpoint raises after `accept`; the
// dependencies' cleanup sees the error.
function handlerFailed (error: unknown, socket: WebSocketConnection, session: Session, request: FastifyRequest): void {
  if (error instanceof WebSocketException) {
    socket.close(error.code, error.reason)
  } else {
    request.log.error({ err: error }, 'websocket handler failed')
    socket.close(CloseCode.internalError, 'Internal Server Error')
  }
  void socket.closed.then(() => { session.end(error) })
}

function compilePlansFor (
  route: string, options: WebSocketOptions, dependencies: readonly Dependency<unknown>[],
  wildcard: string | undefined, errorLimit: number, depends: DependsState, instance: FastifyInstance,
): RoutePlans {
  const owner = `route ${route}`
  // The upgrade is a GET: a dependency's route check (one that needs a plugin, or a method) sees it as one.
  return compileRoutePlans({ owner, dependencies, deps: options.deps ?? {}, inputs: options, wildcard, errorLimit }, depends, { owner, methods: ['GET'], instance })
}

/**
 * The hook that solves the dependencies before the upgrade. The dependency runner's "handler"
 * is the whole session: it resolves once the socket has closed and the handler settled, so
 * the generators' cleanup (and their view of the handler's error) comes then, as in FastAPI.
 * The hook itself returns as soon as the values are there, so the upgrade can go on.
 */
function solveBeforeUpgrade (plans: RoutePlans, depends: DependsState, readInputs: InputsReader) {
  // Async: Fastify waits for a hook's promise (a sync one of two arguments would wait for `done`).
  return async function solveBeforeUpgrade (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!isUpgrade(request)) return
    const session = new Session()
    await new Promise<void>((resolve, reject) => {
      let started = false
      const outcome = (): unknown => runWithDependencies(plans, depends, request, reply, (deps, errors) => {
        session.inputs = readInputs(request, errors)
        if (errors.length > 0) throw refuse(errors, request)
        session.deps = deps
        sessions.set(request, session)
        started = true
        const ended = new Promise<void>((resolveEnd, rejectEnd) => {
          session.end = (error?: unknown) => { if (error === undefined) resolveEnd(); else rejectEnd(error) }
        })
        // An upgrade that fails after this hook (ws refuses the handshake, the client leaves)
        // never reaches the handler: its connection's close ends the session, so the
        // dependencies are still cleaned up.
        reply.raw.once('close', () => { if (sessions.get(request) === session) session.end() })
        resolve()
        return ended
      })
      const failed = (error: unknown): void => {
        if (!started) reject(error)
        // After the session: the handler's error, or a cleanup's, handed back by the runner; logged once.
        else request.log.debug({ err: error }, 'websocket dependencies cleaned up after an error')
      }
      try {
        const result = outcome()
        if (isPromiseLike(result)) Promise.resolve(result).then(undefined, failed)
      } catch (error) {
        failed(error)
      }
    })
  }
}
