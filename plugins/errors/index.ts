import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { refusePlainDependenciesWithoutPlugin } from '../../src/depends/plain-routes.js'
import { FFA_ERR_ERROR_HANDLER_SET, FFA_ERR_NOT_FOUND_HANDLER_SET } from '../../src/shared/codes.js'
import { resolveFormatter } from '../../src/errors/error-format.js'
import { resolveErrorsOptions, type ErrorsOptions } from '../../src/errors/errors-options.js'
import { addExceptionHandler, createErrorHandler, createErrorsState, type ErrorClass, type ExceptionHandler } from '../../src/errors/exception-handlers.js'
import { createJsonBodyParser, refusingInvalidUtf8, unlessFormRoute } from '../../src/inputs/json-body.js'
import { createNotFoundHandler } from '../../src/errors/not-found.js'
import { watchCatchAllRoutes } from '../../src/errors/catch-all-routes.js'
import { createOtherBodyParser } from '../../src/inputs/other-body.js'
import { kErrorsState } from '../../src/shared/symbols.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Answers a class of errors, and its subclasses, your way (FastAPI's
     * `@app.exception_handler`). The nearest class wins. `Error` catches server errors.
     *
     * @example
     * app.exceptionHandler(TeapotError, (error, request, reply) =>
     *   reply.code(418).send({ detail: `${error.name} refuses to brew coffee` }))
     */
    exceptionHandler<TError>(errorClass: ErrorClass<TError>, handler: ExceptionHandler<TError>): FastifyInstance
  }
}

async function errors (app: FastifyInstance, opts: ErrorsOptions): Promise<void> {
  const options = resolveErrorsOptions(opts)
  if (registeredBefore(app, 'fastify-fastapi/errors', opts)) return
  const formatter = resolveFormatter(options.format)
  const state = createErrorsState(formatter, options.validationStatus, options.validationErrorLimit, options.serverError, options.jsonNestingLimit)

  app.decorate(kErrorsState, state)
  app.decorate('exceptionHandler', function exceptionHandler<TError> (this: FastifyInstance, errorClass: ErrorClass<TError>, handler: ExceptionHandler<TError>) {
    addExceptionHandler(state, errorClass, handler)
    return this
  })
  if (options.errorHandler) {
    // Never a silent replacement: Fastify's `errorHandler` is its default until one is set.
    if (app.errorHandler.name !== 'defaultErrorHandler') throw new FFA_ERR_ERROR_HANDLER_SET(describeHandler(app.errorHandler))
    app.setErrorHandler(createErrorHandler(state))
  }
  if (options.notFound) setNotFoundHandler(app, createNotFoundHandler(formatter, options.rootPath))
  refusePlainDependenciesWithoutPlugin(app)
  watchCatchAllRoutes(app)

  // Malformed JSON is FastAPI's 422 `json_invalid` with its position, which Fastify's own
  // parser does not keep. A JSON parser the user set already wins. Read as bytes, so that
  // invalid UTF-8 is refused rather than decoded into U+FFFD.
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = app.initialConfig
  const parseJson = createJsonBodyParser(onProtoPoisoning, onConstructorPoisoning, options.jsonNestingLimit)
  const parseJsonBytes = unlessFormRoute(refusingInvalidUtf8(parseJson))
  unlessSet(() => app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseJsonBytes))
  if (!app.hasContentTypeParser(STRUCTURED_JSON)) app.addContentTypeParser(STRUCTURED_JSON, { parseAs: 'buffer' }, parseJsonBytes)
  // Any other body a FastAPI-style route is sent is read as text, as FastAPI reads it, and
  // answered 422 rather than 415; Fastify's default text/plain parser is replaced for that.
  unlessSet(() => app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, createOtherBodyParser(parseJsonBytes, 'text')))
  const parseOtherBody = createOtherBodyParser(parseJsonBytes, 'unsupported')
  unlessSet(() => app.addContentTypeParser('*', { parseAs: 'buffer' }, parseOtherBody))
  // A urlencoded form goes the same way, under a pattern: Fastify looks the catch-all up anew
  // for every request (1.2 µs of a form's, profiled) but remembers a pattern's answer per
  // content type; and a pattern, unlike the type's name, leaves @fastify/formbody free to
  // register its own parser after this one, which then wins.
  if (!app.hasContentTypeParser(URLENCODED)) app.addContentTypeParser(URLENCODED, { parseAs: 'buffer' }, parseOtherBody)
}

// A parser the user set already wins.
function unlessSet (addParser: () => void): void {
  try {
    addParser()
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_ERR_CTP_ALREADY_PRESENT') throw error
  }
}

// Fastify allows one not-found handler per prefix and says whether one is set only by
// throwing this (uncoded) error.
function setNotFoundHandler (app: FastifyInstance, handler: ReturnType<typeof createNotFoundHandler>): void {
  try {
    app.setNotFoundHandler(handler)
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('Not found handler already set')) throw error
    throw new FFA_ERR_NOT_FOUND_HANDLER_SET(app.prefix === '' ? '/' : app.prefix)
  }
}

// A bound function is named "bound name"; an arrow function set inline has no name.
function describeHandler (handler: { name: string }): string {
  const name = handler.name.replace(/^bound /, '')
  return name === '' ? 'an anonymous function' : name
}

// application/vnd.api+json, application/merge-patch+json ...: FastAPI reads every +json type as
// JSON, whatever its parameters (`; charset=utf-8`).
const STRUCTURED_JSON = /^application\/[\w.-]+\+json\s*(?:;|$)/i
const URLENCODED = /^application\/x-www-form-urlencoded\s*(?:;|$)/i

/**
 * FastAPI's error shapes for the whole app: `HTTPException`, 422 validation items, 404 and
 * 405, a 500 that leaks nothing, Fastify's own errors, and exception handlers by class.
 */
export const fastapiErrors = fp(errors, { fastify: '5.x', name: 'fastify-fastapi/errors' })
export default fastapiErrors

export type { ErrorsOptions } from '../../src/errors/errors-options.js'
export { HTTPException } from '../../src/errors/http-exception.js'
export { RequestValidationError, ResponseValidationError } from '../../src/errors/validation-error.js'
export { httpExceptionHandler, requestValidationExceptionHandler, defaultExceptionHandler, fastapiErrorHandler } from '../../src/errors/exception-handlers.js'
export type { ErrorClass, ExceptionHandler } from '../../src/errors/exception-handlers.js'
export type { ErrorFormat, ErrorFormatter, FormattedError } from '../../src/errors/error-format.js'
export type { ErrorResponse } from '../../src/errors/error-response.js'
export type { ValidationErrorItem } from '../../src/errors/validation-item.js'
