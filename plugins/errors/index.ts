import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { resolveFormatter } from '../../src/errors/error-format.js'
import { resolveErrorsOptions, type ErrorsOptions } from '../../src/errors/errors-options.js'
import { addExceptionHandler, createErrorHandler, createErrorsState, type ErrorClass, type ExceptionHandler } from '../../src/errors/exception-handlers.js'
import { createJsonBodyParser } from '../../src/errors/json-body.js'
import { createNotFoundHandler } from '../../src/errors/not-found.js'
import { kErrorsState } from '../../src/symbols.js'
import { registeredBefore } from '../../src/plugin-once.js'

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
  const state = createErrorsState(formatter, options.validationStatus)

  app.decorate(kErrorsState, state)
  app.decorate('exceptionHandler', function exceptionHandler<TError> (this: FastifyInstance, errorClass: ErrorClass<TError>, handler: ExceptionHandler<TError>) {
    addExceptionHandler(state, errorClass, handler)
    return this
  })
  app.setErrorHandler(createErrorHandler(state))
  app.setNotFoundHandler(createNotFoundHandler(formatter))

  // Malformed JSON is FastAPI's 422 `json_invalid` with its position, which Fastify's own
  // parser does not keep. A JSON parser the user set already wins.
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = app.initialConfig
  const parseJson = createJsonBodyParser(onProtoPoisoning, onConstructorPoisoning)
  try {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson)
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_ERR_CTP_ALREADY_PRESENT') throw error
  }
  if (!app.hasContentTypeParser(STRUCTURED_JSON)) app.addContentTypeParser(STRUCTURED_JSON, { parseAs: 'string' }, parseJson)
}

// application/vnd.api+json, application/merge-patch+json ...: FastAPI reads every +json type as JSON.
const STRUCTURED_JSON = /^application\/[\w.-]+\+json$/

/**
 * FastAPI's error shapes for the whole app: `HTTPException`, 422 validation items, 404 and
 * 405, a 500 that leaks nothing, Fastify's own errors, and exception handlers by class.
 */
export const fastapiErrors = fp(errors, { fastify: '5.x', name: 'fastify-fastapi/errors' })
export default fastapiErrors

export type { ErrorsOptions } from '../../src/errors/errors-options.js'
export { HTTPException } from '../../src/errors/http-exception.js'
export { RequestValidationError, ResponseValidationError } from '../../src/errors/validation-error.js'
export { httpExceptionHandler, requestValidationExceptionHandler, defaultExceptionHandler } from '../../src/errors/exception-handlers.js'
export type { ErrorClass, ExceptionHandler } from '../../src/errors/exception-handlers.js'
export type { ErrorFormat, ErrorFormatter, FormattedError } from '../../src/errors/error-format.js'
export type { ErrorResponse } from '../../src/errors/error-response.js'
export type { ValidationErrorItem } from '../../src/errors/validation-item.js'
