import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import { sendErrorResponse, type ErrorFormatter } from './error-format.js'

const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** The methods a path answers, in a stable order; empty when no route has that path. */
export function allowedMethods (app: FastifyInstance, url: string): string[] {
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  return METHODS.filter((method) => app.findRoute({ method, url: path }) !== null)
}

/**
 * FastAPI's answers for a request no route takes: 405 `{"detail":"Method Not Allowed"}`
 * with `Allow` when the path exists under other methods, else 404 `{"detail":"Not Found"}`.
 * Only requests that miss pay for the lookup.
 */
export function createNotFoundHandler (formatter: ErrorFormatter) {
  return function fastapiNotFound (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const allowed = allowedMethods(this, request.url)
    if (allowed.length > 0) {
      return sendErrorResponse(reply, { status: 405, detail: 'Method Not Allowed', headers: { allow: allowed.join(', ') } }, formatter)
    }
    return sendErrorResponse(reply, { status: 404, detail: 'Not Found' }, formatter)
  }
}
