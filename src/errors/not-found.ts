import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendErrorResponse, type ErrorFormatter } from './error-format.js'
import type { ErrorResponse } from './error-response.js'
import { isCatchAllMatch } from './catch-all-routes.js'
import { decodePath } from '../shared/decode-path.js'
import { HTTP_METHODS } from '../shared/http-status.js'
import { publicOrigin, rootPathOf } from '../shared/behind-proxy.js'

// A URL's path and its query string ("" or "?..."), apart.
function splitUrl (url: string): [path: string, query: string] {
  const at = url.indexOf('?')
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at)]
}

/**
 * The methods a path answers, in a stable order; empty when no route has that path. Another
 * plugin's catch-all route (@fastify/cors' `OPTIONS *`) answers every path: it is not counted.
 */
export function allowedMethods (app: FastifyInstance, url: string): string[] {
  const [path] = splitUrl(url)
  return HTTP_METHODS.filter((method) => {
    const match = app.findRoute({ method, url: path })
    return match !== null && !isCatchAllMatch(app, method, path, match.params as Record<string, string | undefined>)
  })
}

/**
 * FastAPI's answer to a request no route takes: 405 `{"detail":"Method Not Allowed"}` with
 * `Allow` when the path exists under other methods, else 404 `{"detail":"Not Found"}`.
 */
export function notFoundResponse (app: FastifyInstance, url: string): ErrorResponse {
  return answerFor(allowedMethods(app, url))
}

const NOT_FOUND: ErrorResponse = Object.freeze({ status: 404, detail: 'Not Found' })

function answerFor (allowed: string[]): ErrorResponse {
  return allowed.length > 0
    ? { status: 405, detail: 'Method Not Allowed', headers: { allow: allowed.join(', ') } }
    : NOT_FOUND
}

/**
 * Starlette's `redirect_slashes`: `/items` when only `/items/` exists (or the reverse) is a
 * 307 to the other spelling, keeping the method, body and query string. `undefined` when
 * neither spelling has a route.
 */
export function slashRedirect (app: FastifyInstance, url: string): string | undefined {
  const [path, query] = splitUrl(url)
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, '/' would look for '//', which is never local
  if (path === '/' || !isLocalPath(path)) return undefined
  const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`
  if (allowedMethods(app, other).length === 0) return undefined
  return other + query
}

// A browser reads a Location of "//evil.example", "/\\evil.example" or "/\t/evil.example" (it drops
// tabs and newlines) as another site, and an absolute-form request target
// ("GET http://evil.example/items HTTP/1.1") names one outright: a redirect may only ever
// point at a path of this server, so those get no redirect (FastAPI answers them 404).
function isLocalPath (path: string): boolean {
  return path.charCodeAt(0) === 0x2f && !/^\/[\t\n\r]*[/\\]/.test(decodePath(path))
}


/**
 * The not-found handler. Only requests that miss pay for the lookups. Behind a proxy, the
 * redirect goes where the client is: under the app's root path (FastAPI's `root_path`), and
 * to the public origin when a trusted proxy forwarded the request, as Starlette builds it.
 */
export function createNotFoundHandler (formatter: ErrorFormatter, rootPath: string) {
  return function fastapiNotFound (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const allowed = allowedMethods(this, request.url)
    if (allowed.length === 0) {
      const location = slashRedirect(this, request.url)
      if (location !== undefined) {
        return reply.code(307).header('location', `${publicOrigin(request) ?? ''}${rootPathOf(request, rootPath)}${location}`).send()
      }
    }
    // A route of the request's own method took it and declined (`reply.callNotFound()`, as
    // @fastify/static does for a missing file under its wildcard): that path is not there.
    // Not a 405 naming the very method, nor a redirect the same route would decline again.
    const response = allowed.includes(request.method) ? NOT_FOUND : answerFor(allowed)
    return sendErrorResponse(reply, response, formatter)
  }
}
