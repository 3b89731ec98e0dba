import type { ValidationErrorItem } from './validation-item.js'

/**
 * The request did not match the route's declared params, query, headers, cookies or body:
 * FastAPI's `RequestValidationError`. Holds every error of the request at once.
 * Answered as 422 `{"detail": [items]}` by default; replace its handler with
 * `app.exceptionHandler(RequestValidationError, fn)`.
 *
 * @example
 * app.exceptionHandler(RequestValidationError, (error, request, reply) =>
 *   reply.code(400).send({ errors: error.errors, body: error.body }))
 */
export class RequestValidationError extends Error {
  readonly errors: ValidationErrorItem[]
  /** The request body as received, when there was one (FastAPI's `exc.body`). */
  readonly body: unknown

  constructor (errors: ValidationErrorItem[], body?: unknown) {
    // A client's mistake, not a bug, and the items say where: capturing a stack trace was a
    // third of the 422 path's time (profiled), so none is taken.
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(`${errors.length} validation error${errors.length === 1 ? '' : 's'} in the request`)
    Error.stackTraceLimit = stackTraceLimit
    this.name = 'RequestValidationError'
    this.errors = errors
    this.body = body
  }

  /** Client error: without the errors plugin, Fastify still answers 422. */
  get statusCode (): number {
    return 422
  }
}

/**
 * A handler returned a value that does not fit its response model: a server bug.
 * Answered as 500 `{"detail": "Internal Server Error"}`; the errors are logged, never sent.
 */
export class ResponseValidationError extends Error {
  readonly errors: ValidationErrorItem[]

  constructor (errors: ValidationErrorItem[], route: string) {
    super(`The response of ${route} does not match its response model: ` +
      errors.map((error) => `${error.loc.join('.')}: ${error.msg}`).join('; '))
    this.name = 'ResponseValidationError'
    this.errors = errors
  }
}
