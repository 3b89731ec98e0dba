import { FFA_ERR_OPTION_INVALID } from './codes.js'
import { isHttpStatus } from '../http-status.js'
import type { ErrorFormat } from './error-format.js'
import { DEFAULT_JSON_NESTING_LIMIT } from './json-nesting.js'
import { DEFAULT_VALIDATION_ERROR_LIMIT } from './validation-limit.js'
import { checkOptionsObject, checkPositiveInteger, describeValue } from '../options.js'

export interface ErrorsOptions {
  /**
   * How every error is written: `'fastapi'` (`{"detail": ...}`, the default), `'problem'`
   * (RFC 9457 `application/problem+json`), or a function `(error, request) => ({ body, contentType? })`.
   */
  format?: ErrorFormat
  /** The status of a request validation error: 422 as in FastAPI (the default), or 400, or any 4xx. */
  validationStatus?: number
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
}

export interface ResolvedErrorsOptions {
  format: ErrorFormat
  validationStatus: number
  jsonNestingLimit: number
  validationErrorLimit: number
}

const PLUGIN = 'fastify-fastapi/errors'

export function resolveErrorsOptions (options: ErrorsOptions | undefined): Readonly<ResolvedErrorsOptions> {
  const {
    format = 'fastapi', validationStatus = 422,
    jsonNestingLimit = DEFAULT_JSON_NESTING_LIMIT, validationErrorLimit = DEFAULT_VALIDATION_ERROR_LIMIT,
  } = checkOptionsObject(PLUGIN, options, ['format', 'validationStatus', 'jsonNestingLimit', 'validationErrorLimit']) as ErrorsOptions
  if (format !== 'fastapi' && format !== 'problem' && typeof format !== 'function') {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'format', `must be 'fastapi', 'problem' or a function (error, request) => ({ body, contentType }); got ${describeValue(format)}`)
  }
  if (!isHttpStatus(validationStatus, 400, 499)) {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'validationStatus', `must be a 4xx status such as 422 (FastAPI's) or 400; got ${describeValue(validationStatus)}`)
  }
  checkPositiveInteger(PLUGIN, 'jsonNestingLimit', jsonNestingLimit, 'such as 256 (arrays and objects inside each other)')
  checkPositiveInteger(PLUGIN, 'validationErrorLimit', validationErrorLimit, 'such as 1000 (items in one validation error answer)')
  return Object.freeze({ format, validationStatus, jsonNestingLimit, validationErrorLimit })
}
