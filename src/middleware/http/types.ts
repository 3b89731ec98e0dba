import type { FastifyRequest } from 'fastify'
import type { Response } from '../../responses/response.js'
import type { CallNextResponse } from './call-next-response.js'

/**
 * Passes the request on to the rest of the app (the next middleware inside, then the route)
 * and gives back the response it made (Starlette's `call_next`). An error the app leaves
 * unanswered (a bug: no exception handler of its own class) is thrown from it; an
 * `HTTPException`, a validation error and a 404 arrive as responses.
 */
export type CallNext = (request: FastifyRequest) => Promise<CallNextResponse>

/** What an HTTP middleware returns: the response `callNext` gave (changed or not), or one of its own. */
export type MiddlewareResult = CallNextResponse | Response

/**
 * FastAPI's `@app.middleware("http")` function: code before `callNext` runs before the
 * route, code after it once the response is made.
 *
 * @example
 * const addProcessTime: HTTPMiddleware = async (request, callNext) => {
 *   const start = performance.now()
 *   const response = await callNext(request)
 *   response.headers.set('X-Process-Time', String((performance.now() - start) / 1000))
 *   return response
 * }
 */
export type HTTPMiddleware = (request: FastifyRequest, callNext: CallNext) => MiddlewareResult | Promise<MiddlewareResult>
