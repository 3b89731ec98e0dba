/** Whether a value is an integer HTTP status from `from` to `to` (100 to 599 by default). */
export function isHttpStatus (value: unknown, from = 100, to = 599): value is number {
  return Number.isInteger(value) && (value as number) >= from && (value as number) <= to
}

/** Statuses that carry no body (RFC 9110): nothing is sent, and a response model for them is a mistake. */
export const BODYLESS_STATUSES: ReadonlySet<number> = new Set([204, 205, 304])

/** The methods a route can answer, in the order an `Allow` header lists them. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

// The statuses a route or a dependency's `errors` names, spelled out so that `status: 201`
// stays the literal 201 when the options are inferred (a plain `number` would widen it), for
// the typed client to read.
type CommonStatus =
  | 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226
  | 300 | 301 | 302 | 303 | 304 | 307 | 308
  | 400 | 401 | 402 | 403 | 404 | 405 | 406 | 407 | 408 | 409 | 410 | 411 | 412 | 413 | 414 | 415
  | 416 | 417 | 418 | 421 | 422 | 423 | 424 | 425 | 426 | 428 | 429 | 431 | 451
  | 500 | 501 | 502 | 503 | 504 | 505 | 506 | 507 | 508 | 510 | 511

/** An HTTP status code: the registered ones by name, and any other number. */
export type StatusCode = CommonStatus | (number & {})
