import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { isHttpStatus } from '../shared/http-status.js'
import type { ErrorFormat } from './error-format.js'
import { DEFAULT_VALIDATION_ERROR_LIMIT } from './validation-limit.js'
import { resolveRootPath } from '../shared/behind-proxy.js'
import { checkOptionsObject, checkPositiveInteger, describeValue } from '../shared/options.js'

/** FastAPI's limit is Python's recursion limit (about 1,000); ours stays well inside V8's stack. */
export const DEFAULT_JSON_NESTING_LIMIT = 256

export interface ErrorsOptions {
  /**
   * How every error is written: `'fastapi'` (`{"detail": ...}`, the default), `'problem'`
   * (RFC 9457 `application/problem+json`), or a function `(error, request) => ({ body, contentType? })`.
   */
  format?: ErrorFormat
  /** The status of a request validation error: 422 as in FastAPI (the default), or 400, or any 4xx. */
  validationStatus?: number
  /**
   * `false` leaves the app's own not-found handler alone (set before or after the plugin): it
   * answers unknown paths, and the plugin no 404 or 405. On by default: an app that already
   * has one is then refused at registration (`FFA_ERR_NOT_FOUND_HANDLER_SET`).
   */
  notFound?: boolean
  /**
   * `false` keeps the app's own error handler (`setErrorHandler`) and sets none: yours hands
   * what it does not answer to `fastapiErrorHandler(error, request, reply)`. On by default:
   * an app that already has one is then refused at registration (`FFA_ERR_ERROR_HANDLER_SET`).
   */
  errorHandler?: boolean
  /**
   * How deep arrays and objects may nest in a JSON body: 256 by default. A deeper body is
   * refused with 400 `{"detail":"There was an error parsing the body"}`, as FastAPI refuses
   * what its JSON decoder cannot read.
   */
  jsonNestingLimit?: number
  /**
   * How many validation errors one answer lists: 1000 by default. Past it, reading stops and
   * the last item (`too_many_errors`) says that more were cut.
   */
  validationErrorLimit?: number
  /**
   * How an unhandled error (a bug: anything thrown that is not an HTTPException or a client
   * error) is answered: `'json'` (the default), 500 in the app's error format,
   * `{"detail":"Internal Server Error"}`, as every other error; or `'text'`, Starlette's
   * `text/plain` `Internal Server Error`, byte for byte what FastAPI sends. Either way the
   * body says nothing of the error, which is logged.
   */
  serverError?: ServerErrorBody
  /**
   * FastAPI's `root_path`: the prefix a proxy serves the app under and strips (`/api/v1`).
   * The slash redirect points under it; a trusted proxy's `X-Forwarded-Prefix` wins.
   */
  rootPath?: string
}

/** The body of an unhandled error: the app's error format, or Starlette's plain text. */
export type ServerErrorBody = 'json' | 'text'

export interface ResolvedErrorsOptions {
  format: ErrorFormat
  validationStatus: number
  notFound: boolean
  errorHandler: boolean
  jsonNestingLimit: number
  validationErrorLimit: number
  serverError: ServerErrorBody
  rootPath: string
}

const PLUGIN = 'fastify-fastapi/errors'

export function resolveErrorsOptions (options: ErrorsOptions | undefined): Readonly<ResolvedErrorsOptions> {
  const {
    format = 'fastapi', validationStatus = 422, notFound = true, errorHandler = true,
    jsonNestingLimit = DEFAULT_JSON_NESTING_LIMIT, validationErrorLimit = DEFAULT_VALIDATION_ERROR_LIMIT, serverError = 'json', rootPath,
  } = checkOptionsObject(PLUGIN, options, ['format', 'validationStatus', 'notFound', 'errorHandler', 'jsonNestingLimit', 'validationErrorLimit', 'serverError', 'rootPath']) as ErrorsOptions
  if (format !== 'fastapi' && format !== 'problem' && typeof format !== 'function') {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'format', `must be 'fastapi', 'problem' or a function (error, request) => ({ body, contentType }); got ${describeValue(format)}`)
  }
  if (!isHttpStatus(validationStatus, 400, 499)) {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'validationStatus', `must be a 4xx status such as 422 (FastAPI's) or 400; got ${describeValue(validationStatus)}`)
  }
  if (typeof notFound !== 'boolean') {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'notFound', `must be true (FastAPI's 404 and 405, the default) or false (the app's own not-found handler); got ${describeValue(notFound)}`)
  }
  if (typeof errorHandler !== 'boolean') {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'errorHandler', `must be true (the plugin's, the default) or false (the app's own, which calls fastapiErrorHandler); got ${describeValue(errorHandler)}`)
  }
  if (serverError !== 'json' && serverError !== 'text') {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'serverError', `must be 'json' (the app's error format, the default) or 'text' (Starlette's text/plain "Internal Server Error"); got ${describeValue(serverError)}`)
  }
  checkPositiveInteger(PLUGIN, 'jsonNestingLimit', jsonNestingLimit, 'such as 256 (arrays and objects inside each other)')
  checkPositiveInteger(PLUGIN, 'validationErrorLimit', validationErrorLimit, 'such as 1000 (items in one validation error answer)')
  return Object.freeze({ format, validationStatus, notFound, errorHandler, jsonNestingLimit, validationErrorLimit, serverError, rootPath: resolveRootPath(PLUGIN, rootPath) })
}
