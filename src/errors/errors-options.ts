import { FFA_ERR_OPTION_INVALID } from './codes.js'
import { isHttpStatus } from '../http-status.js'
import type { ErrorFormat } from './error-format.js'
import { checkOptionsObject, describeValue } from '../options.js'

export interface ErrorsOptions {
  /**
   * How every error is written: `'fastapi'` (`{"detail": ...}`, the default), `'problem'`
   * (RFC 9457 `application/problem+json`), or a function `(error, request) => ({ body, contentType? })`.
   */
  format?: ErrorFormat
  /** The status of a request validation error: 422 as in FastAPI (the default), or 400, or any 4xx. */
  validationStatus?: number
}

export interface ResolvedErrorsOptions {
  format: ErrorFormat
  validationStatus: number
}

const PLUGIN = 'fastify-fastapi/errors'

export function resolveErrorsOptions (options: ErrorsOptions | undefined): Readonly<ResolvedErrorsOptions> {
  const { format = 'fastapi', validationStatus = 422 } = checkOptionsObject(PLUGIN, options, ['format', 'validationStatus']) as ErrorsOptions
  if (format !== 'fastapi' && format !== 'problem' && typeof format !== 'function') {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'format', `must be 'fastapi', 'problem' or a function (error, request) => ({ body, contentType }); got ${describeValue(format)}`)
  }
  if (!isHttpStatus(validationStatus, 400, 499)) {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'validationStatus', `must be a 4xx status such as 422 (FastAPI's) or 400; got ${describeValue(validationStatus)}`)
  }
  return Object.freeze({ format, validationStatus })
}
