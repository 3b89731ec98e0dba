/** Whether a value is an integer HTTP status from `from` to `to` (100 to 599 by default). */
export function isHttpStatus (value: unknown, from = 100, to = 599): value is number {
  return Number.isInteger(value) && (value as number) >= from && (value as number) <= to
}

/** Statuses that carry no body (RFC 9110): nothing is sent, and a response model for them is a mistake. */
export const BODYLESS_STATUSES: ReadonlySet<number> = new Set([204, 205, 304])

/** The methods a route can answer, in the order an `Allow` header lists them. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
