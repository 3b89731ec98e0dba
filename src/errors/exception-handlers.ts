import { inspect } from 'node:util'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { JSON_CONTENT_TYPE } from '../shared/constants.js'
import { kErrorsState } from '../shared/symbols.js'
import { FFA_ERR_EXCEPTION_HANDLER_INVALID } from '../shared/codes.js'
import { resolveFormatter, sendErrorResponse, type ErrorFormatter } from './error-format.js'
import { httpExceptionResponse, isClientStatus, isMeantForClients, statusOf, statusText, toErrorResponse, validationResponse, type ErrorResponse } from './error-response.js'
import { DEFAULT_JSON_NESTING_LIMIT, type ServerErrorBody } from './errors-options.js'
import { BodyParseError } from './body-parse-error.js'
import { isTimedOut } from './request-timeout.js'
import { HTTPException } from './http-exception.js'
import { notFoundResponse } from './not-found.js'
import { RequestValidationError } from './validation-error.js'
import { loggableError } from './log-redaction.js'
import { DEFAULT_VALIDATION_ERROR_LIMIT } from './validation-limit.js'

/** A class of errors: a constructor whose instances are that error. */
export type ErrorClass<TError> = abstract new (...args: never[]) => TError

/**
 * Answers one class of errors (FastAPI's `@app.exception_handler(Class)`). Send with
 * `reply`, or return a value to send as JSON with the error's status.
 */
export type ExceptionHandler<TError = unknown> =
  (error: TError, request: FastifyRequest, reply: FastifyReply) => unknown

/** The errors plugin's state, on the root instance. */
export interface ErrorsState {
  formatter: ErrorFormatter
  validationStatus: number
  /** Items in one validation error answer (see validation-limit.ts, which reads it). */
  validationErrorLimit: number
  handlers: Map<ErrorClass<unknown>, ExceptionHandler<never>>
  /** `'text'`: unhandled errors answer as Starlette's ServerErrorMiddleware, plain text. */
  serverError: ServerErrorBody
  /** How deep a JSON body may nest (the `jsonNestingLimit` option), for parsers other than the plugin's own (a webhook route's). */
  jsonNestingLimit: number
}

const DEFAULT_STATE: ErrorsState = {
  formatter: resolveFormatter('fastapi'),
  validationStatus: 422,
  validationErrorLimit: DEFAULT_VALIDATION_ERROR_LIMIT,
  handlers: new Map(),
  serverError: 'json',
  jsonNestingLimit: DEFAULT_JSON_NESTING_LIMIT,
}

export function stateOf (request: FastifyRequest): ErrorsState {
  return (request.server as unknown as Record<symbol, ErrorsState | undefined>)[kErrorsState] ?? DEFAULT_STATE
}

/**
 * The default answer to an `HTTPException`: `{"detail": ...}` with its status and headers,
 * in the app's error format. Call it from your own handler to keep the default answer
 * (FastAPI's `http_exception_handler`).
 */
export function httpExceptionHandler (error: HTTPException, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendErrorResponse(reply, httpExceptionResponse(error), stateOf(request).formatter)
}

/**
 * The default answer to a `RequestValidationError`: 422 (or the status you chose) with
 * every item (FastAPI's `request_validation_exception_handler`).
 */
export function requestValidationExceptionHandler (error: RequestValidationError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const state = stateOf(request)
  return sendErrorResponse(reply, validationResponse(error.errors, state.validationStatus), state.formatter)
}

/** The default answer to anything else: its status and message for a client error, a 500 that says nothing otherwise. */
export function defaultExceptionHandler (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const state = stateOf(request)
  const response = toErrorResponse(error, request, state.validationStatus)
  if (response.status >= 500) {
    request.log.error({ err: loggableError(error) }, error instanceof Error ? error.message : `A non-Error value was thrown: ${inspect(error)}`)
  } else {
    request.log.info({ err: loggableError(error) }, error instanceof Error ? error.message : statusText(response.status))
  }
  return sendServerOrErrorResponse(reply, response, state)
}

// Starlette's ServerErrorMiddleware answers a bug `PlainTextResponse("Internal Server Error", 500)`.
function sendServerOrErrorResponse (reply: FastifyReply, response: ErrorResponse, state: ErrorsState): FastifyReply {
  if (response.status < 500 || state.serverError === 'json') return sendErrorResponse(reply, response, state.formatter)
  return reply.code(response.status).header('content-type', 'text/plain; charset=utf-8').send(statusText(response.status))
}

export function createErrorsState (formatter: ErrorFormatter, validationStatus: number, validationErrorLimit = DEFAULT_VALIDATION_ERROR_LIMIT, serverError: ServerErrorBody = 'json', jsonNestingLimit = DEFAULT_JSON_NESTING_LIMIT): ErrorsState {
  const handlers: ErrorsState['handlers'] = new Map()
  handlers.set(HTTPException, httpExceptionHandler as ExceptionHandler<never>)
  handlers.set(RequestValidationError, requestValidationExceptionHandler as ExceptionHandler<never>)
  return { formatter, validationStatus, validationErrorLimit, handlers, serverError, jsonNestingLimit }
}

export function addExceptionHandler<TError> (state: ErrorsState, errorClass: ErrorClass<TError>, handler: ExceptionHandler<TError>): void {
  if (typeof errorClass !== 'function' || !(errorClass.prototype instanceof Error || (errorClass as unknown) === Error)) {
    throw new FFA_ERR_EXCEPTION_HANDLER_INVALID(`errorClass must be Error or a subclass of Error (class TeapotError extends Error {}); got ${inspect(errorClass)}.`)
  }
  if (typeof handler !== 'function') {
    throw new FFA_ERR_EXCEPTION_HANDLER_INVALID(`the handler for ${errorClass.name} must be a function (error, request, reply) => ...; got ${inspect(handler)}.`)
  }
  state.handlers.set(errorClass, handler as ExceptionHandler<never>)
}

function hasClientStatus (error: object): boolean {
  return (isClientStatus(statusOf(error)) && isMeantForClients(error)) || Array.isArray((error as { validation?: unknown }).validation)
}

/**
 * The handler for an error: the one registered for its nearest class. `Error`'s handler is
 * FastAPI's `Exception` handler: it answers server errors only, not a client error that
 * carries its own status (Fastify's 4xx errors keep their default answer).
 */
export function findExceptionHandler (state: ErrorsState, error: unknown): ExceptionHandler<never> | undefined {
  if (typeof error !== 'object' || error === null) return state.handlers.get(Error)
  for (let proto = Object.getPrototypeOf(error); proto !== null && proto !== Error.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const handler = state.handlers.get(proto.constructor)
    if (handler !== undefined) return handler
  }
  return hasClientStatus(error) ? undefined : state.handlers.get(Error)
}

/**
 * Whether FastAPI would leave this error to Starlette's ServerErrorMiddleware, outside the
 * app's HTTP middleware (which then sees it raised by `call_next`): an error no handler
 * answers below `Exception`'s, and that carries no client status. HTTPException, validation
 * errors and errors with a handler of their own class become responses before that.
 */
export function isServerError (request: FastifyRequest, error: unknown): boolean {
  // Answered by the errors plugin's handlers, or by Fastify's from their status without it.
  if (error instanceof HTTPException || error instanceof RequestValidationError) return false
  const state = stateOf(request)
  const handler = findExceptionHandler(state, error)
  if (handler !== undefined) return handler === state.handlers.get(Error)
  return typeof error !== 'object' || error === null || !hasClientStatus(error)
}

function asError (value: unknown): unknown {
  if (typeof value === 'object' && value !== null) return value
  return Object.assign(new Error(`A non-Error value was thrown: ${inspect(value)}`), { thrown: value })
}

// An error Fastify or our JSON parser raised while reading the body (413, 400, 422 json_invalid ...).
function isBodyError (error: unknown): boolean {
  if (error instanceof RequestValidationError || error instanceof BodyParseError) return true
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('FST_ERR_CTP_')
}

/**
 * The client went away before its body was complete: nobody is left to answer, and it is no
 * server error. Node reports it as an "aborted" ECONNRESET on the body stream.
 */
export function isClientAbort (error: unknown, request: FastifyRequest): boolean {
  const code = (error as { code?: unknown } | null)?.code
  // The request stream itself was destroyed: an ECONNRESET from elsewhere (a database or Redis
  // connection cut mid-query) is the server's error and must still be answered, not dropped.
  return (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') && !request.raw.complete && request.raw.destroyed
}

// One line at info: a client hanging up is routine, and at error level clients could flood the log.
function logClientAbort (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!isTimedOut(request)) request.log.info({ code: (error as { code?: unknown }).code }, 'The client closed the connection before sending the whole request')
  return reply
}

/** The app's error handler: the nearest class' handler, else the default answer. */
export function createErrorHandler (state: ErrorsState) {
  return function errorsPluginHandler (error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    return answerError(state, error, request, reply)
  }
}

/**
 * The errors plugin's answer to an error, for an app that keeps its own error handler
 * (`{ errorHandler: false }`): hand it what yours does not answer. The exception handlers
 * by class and the error format apply.
 *
 * @example
 * app.setErrorHandler((error, request, reply) => {
 *   if (error instanceof LegacyError) return reply.code(409).send({ message: error.message })
 *   return fastapiErrorHandler(error, request, reply)
 * })
 */
export function fastapiErrorHandler (error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return answerError(stateOf(request), error, request, reply)
}

async function answerError (state: ErrorsState, error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (isClientAbort(error, request)) return logClientAbort(error, request, reply)
  // Fastify closes the connection after a body parser's error, in case the client is still
  // sending. Our JSON parser reads the body to its end first, so a keep-alive client keeps
  // its connection after a 422 json_invalid, as with uvicorn.
  if (error instanceof RequestValidationError && request.raw.complete && reply.getHeader('connection') === 'close') {
    reply.removeHeader('connection')
  }
  // FastAPI never reads the body of a request no route takes: it is still a 404 (or 405).
  if (request.is404 && isBodyError(error)) return sendErrorResponse(reply, notFoundResponse(request.server, request.url), state.formatter)
  const handler = findExceptionHandler(state, error)
  if (handler === undefined) return defaultExceptionHandler(error, request, reply)
  // A route's own status (201) must not leak into an error answer.
  reply.code(statusOf(error) ?? 500)
  try {
    const result = await (handler as ExceptionHandler<unknown>)(asError(error), request, reply)
    if (reply.sent || result === reply) return reply
    if (result !== undefined) return reply.header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(result))
    request.log.warn('An exception handler returned without sending a response; sending the default answer')
  } catch (handlerError) {
    request.log.error({ err: loggableError(handlerError) }, 'An exception handler threw')
    if (reply.sent) return reply
    return sendServerOrErrorResponse(reply, { status: 500, detail: statusText(500) }, state)
  }
  return defaultExceptionHandler(error, request, reply)
}
