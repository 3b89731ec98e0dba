import { buildRequest, type CallInit } from './build-request.js'
import type { ApiRoutes, Client } from './client-types.js'
import { injectFetch, type Injectable } from './inject-transport.js'
import { readBody } from './parse-response.js'

export interface ClientOptions {
  /**
   * Where the API is: `http://localhost:8000`, or `/api` in a browser (the page's origin). The
   * paths of the calls are appended to it.
   */
  baseUrl?: string
  /**
   * Asks this Fastify app through `app.inject`, with no socket (tests): the client of a test.
   * Instead of `baseUrl` and `fetch`.
   */
  app?: Injectable
  /** The fetch function (the global one by default): a wrapper that logs or retries, a mock. */
  fetch?: (request: Request) => Promise<Response>
  /** Headers sent with every call (`Authorization`), under each call's own. */
  headers?: Record<string, string>
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const

// A base for URLs when the app is asked through inject: never on the network.
const INJECT_BASE = 'http://localhost'

/**
 * A client of an API, typed from the API's type: each call checks its path, params, headers
 * and body, and its answer is a union by status of the declared models. No code is generated:
 * the type is the app's own (a router, or `app.api` after a chain of declarations, or a union
 * of them), imported with `import type`, so no server code reaches a browser bundle.
 *
 * @example
 * import type { api } from './app.js'              // api = app.api.includeRouter(items)...
 * const client = createClient<typeof api>({ baseUrl: 'http://localhost:8000' })
 * const { status, data, error } = await client.GET('/items/{item_id}', { params: { path: { item_id: 1 } } })
 * if (status === 200) console.log(data.name)
 *
 * // In a test, without a socket:
 * const client = createClient<typeof api>({ app })
 */
export function createClient<TApi> (options: ClientOptions = {}): Client<ApiRoutes<TApi>> {
  const { app, headers = {} } = options
  if (app !== undefined && (options.fetch !== undefined || options.baseUrl !== undefined)) {
    throw new TypeError('fastify-fastapi/client: give `app` (asked through inject) or `baseUrl` and `fetch` (asked over the network), not both')
  }
  const send = app !== undefined ? injectFetch(app) : options.fetch ?? ((request: Request) => fetch(request))
  const baseUrl = app !== undefined ? INJECT_BASE : (options.baseUrl ?? '').replace(/\/+$/, '')
  const client: Record<string, (path: string, init?: CallInit) => Promise<unknown>> = {}
  for (const method of METHODS) {
    client[method] = async (path, init = {}) => {
      const response = await send(buildRequest(baseUrl, method, path, init, headers))
      const body = await readBody(response, method)
      return response.ok
        ? { status: response.status, data: body, response }
        : { status: response.status, error: body, response }
    }
  }
  // The calls are typed by ApiRoutes<TApi>; at runtime every method takes any path.
  return client as unknown as Client<ApiRoutes<TApi>>
}
