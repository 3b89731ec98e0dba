import type { FastifyBaseLogger } from 'fastify'

/** The value of a location nobody declared: frozen, shared, empty. */
export const EMPTY: Readonly<Record<string, never>> = Object.freeze({})

/** JSON, as FastAPI answers and as every error format but RFC 9457's is sent. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** Where errors go when there is no request to log them with (a script's `resolve`, app startup). */
export const consoleLog = { error: (object: unknown, message?: string) => console.error(message, object) } as unknown as FastifyBaseLogger
