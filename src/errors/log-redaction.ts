import type { FastifyServerOptions } from 'fastify'
import { RequestValidationError, ResponseValidationError } from './validation-error.js'

/** A Fastify `logger` option given as an object (pino's options). */
export type LoggerOptionsObject = Exclude<FastifyServerOptions['logger'], boolean | undefined>

/** What a redacted value is logged as. */
export const REDACTED = '[Redacted]'

// Field names that hold a secret wherever they are logged: a login form, a token answer, an
// OAuth2 client's credentials. pino's `*` matches one level, so each is listed at the depths
// a log line nests them (`password`, `body.password`, `req.body.password`, `err.body.password`).
const SECRET_FIELDS = ['password', 'token', 'access_token', 'refresh_token', 'id_token', 'client_secret']
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']
const DEPTHS = ['', '*.', '*.*.', '*.*.*.']

/**
 * The paths `fastapiServerOptions({ logger })` redacts from every log line (pino's `redact`):
 * the `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie` and `X-API-Key` headers
 * of a logged request or response, and any field named `password`, `token`, `access_token`,
 * `refresh_token`, `id_token` or `client_secret` up to four levels deep. Pass them to your own
 * pino instance: `pino({ redact: { paths: [...LOG_REDACT_PATHS], censor: '[Redacted]' } })`.
 */
export const LOG_REDACT_PATHS: readonly string[] = Object.freeze([
  ...SECRET_HEADERS.flatMap((header) => ['headers', '*.headers'].map((at) => `${at}["${header}"]`)),
  ...SECRET_FIELDS.flatMap((field) => DEPTHS.map((depth) => `${depth}${field}`)),
  // A validation error logged whole (by Fastify's own error handler, without the errors
  // plugin): its items echo the input, and it carries the body.
  'err.body', 'err.errors[*].input', 'err.aggregateErrors[*].input',
])

/**
 * `logger` with our redaction added to the paths it redacts already: `true` becomes pino's
 * defaults plus redaction; `false` stays off.
 */
export function withLogRedaction (logger: boolean | LoggerOptionsObject): false | LoggerOptionsObject {
  if (logger === false) return false
  const options: LoggerOptionsObject = logger === true ? {} : logger
  const given = (options as { redact?: string[] | { paths: string[], censor?: unknown, remove?: boolean } }).redact
  const paths = Array.isArray(given) ? given : given?.paths ?? []
  const redact = { censor: REDACTED, ...(Array.isArray(given) ? {} : given), paths: [...new Set([...LOG_REDACT_PATHS, ...paths])] }
  return { ...options, redact } as LoggerOptionsObject
}

/**
 * An error as our own log lines show it: a validation error without the inputs its items
 * echo nor the body it carries (a login form's password, a response's secrets), its message
 * and places kept. FastAPI's 422 answers the client with its own input; the log keeps none.
 */
export function loggableError (error: unknown): unknown {
  if (!(error instanceof RequestValidationError) && !(error instanceof ResponseValidationError)) return error
  // Same prototype: pino's serializer still names it RequestValidationError.
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>
  copy.name = error.name
  copy.message = error.message
  copy.stack = error.stack
  copy.errors = error.errors.map(({ input: _input, ...item }) => item)
  return copy
}
