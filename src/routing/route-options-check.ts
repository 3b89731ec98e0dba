import { FFA_ERR_BODY_AND_FORM, FFA_ERR_OPTION_INVALID, FFA_ERR_PATH_PARAM_MISMATCH, FFA_ERR_ROUTE_HANDLER_INVALID, FFA_ERR_ROUTE_RESPONSE_CLASS, FFA_ERR_ROUTE_OPTION_UNKNOWN, FFA_ERR_ROUTE_SCHEMA_INVALID, FFA_ERR_ROUTE_STATUS_INVALID } from '../shared/codes.js'
import { checkBoolean, describeValue } from '../shared/options.js'
import { isBodyDeclaration } from '../inputs/body-declaration.js'
import { isRawBodyReader } from '../inputs/raw-body-reader.js'
import { isZodObject, isZodSchema } from '../shared/is-zod-schema.js'
import { BODYLESS_STATUSES, isHttpStatus } from '../shared/http-status.js'
import type { ParsedPath } from './path.js'
import { isResponseClass } from '../responses/response.js'
import { extendsClass, isGeneratorHandler, routeResponseKind } from '../responses/route-response.js'
import { StreamingResponse } from '../responses/streaming-response.js'
import { responseFilterOptionsOf } from './response-filter.js'
import { checkResponses } from './router-settings.js'
import type { RouteOptionName, RouteOptions } from './types.js'

// Every option a route knows, for the check below. `satisfies` keeps it in step with RouteOptions.
const KNOWN_OPTIONS = {
  params: true, query: true, headers: true, cookies: true, body: true, form: true, formLimits: true, deps: true, dependencies: true, response: true, responses: true, status: true,
  summary: true, description: true, tags: true, deprecated: true, operationId: true,
  responseDescription: true, includeInSchema: true, strictContentType: true, fastify: true,
  openapiExtra: true, callbacks: true, generateUniqueIdFunction: true,
  responseModelExcludeUnset: true, responseModelExcludeDefaults: true, responseModelExcludeNone: true, responseModelInclude: true, responseModelExclude: true,
  responseClass: true, webhook: true, handlerTimeout: true,
} as const satisfies Record<RouteOptionName, true>

const OBJECT_LOCATIONS = ['params', 'query', 'headers', 'cookies', 'form'] as const

function describe (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (isZodSchema(value)) return `a zod ${value._zod.def.type} schema`
  if (typeof value === 'function') return 'a function'
  try {
    return `${typeof value} ${JSON.stringify(value)}`
  } catch {
    return describeValue(value) // a BigInt or a cycle
  }
}

/**
 * Refuses a route's mistakes at registration, naming the route, the option and the fix,
 * so that no request ever meets them.
 */
export function checkRouteOptions (route: string, options: RouteOptions, path: ParsedPath, handler: unknown): void {
  if (typeof handler !== 'function') throw new FFA_ERR_ROUTE_HANDLER_INVALID(route, describe(handler))
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(KNOWN_OPTIONS, key)) throw new FFA_ERR_ROUTE_OPTION_UNKNOWN(route, key, Object.keys(KNOWN_OPTIONS).join(', '))
  }
  for (const location of OBJECT_LOCATIONS) {
    const schema = options[location]
    if (schema !== undefined && !isZodObject(schema)) {
      const names = location === 'form' ? 'form field' : location
      throw new FFA_ERR_ROUTE_SCHEMA_INVALID(route, location, `a zod object schema, z.object({ ... }), whose keys are the ${names} names; got ${describe(schema)}`)
    }
  }
  if (options.handlerTimeout !== undefined && (!Number.isSafeInteger(options.handlerTimeout) || options.handlerTimeout < 1)) {
    throw new FFA_ERR_OPTION_INVALID(`Route ${route}`, 'handlerTimeout', `must be a whole number of milliseconds of at least 1, such as 10_000 (leave it out for no limit); got ${describe(options.handlerTimeout)}`)
  }
  if (options.body !== undefined && !isBodyDeclaration(options.body)) {
    throw new FFA_ERR_ROUTE_SCHEMA_INVALID(route, 'body', `a zod schema, or an object of them by body param name ({ item: Item, user: User }); got ${describe(options.body)}`)
  }
  if (options.body !== undefined && options.form !== undefined) {
    throw new FFA_ERR_BODY_AND_FORM(`Route ${route}`, 'it declares both `body` (JSON) and `form`, but a request has one body: keep one (FastAPI reads a route with Form() params as a form only).')
  }
  if (options.webhook !== undefined) checkWebhook(route, options)
  if (options.strictContentType !== undefined) checkBoolean(`Route ${route}`, 'strictContentType', options.strictContentType)
  checkDocsOptions(route, options)
  checkResponse(route, options)
  checkResponseClass(route, options, handler)
  responseFilterOptionsOf(route, options)
  if (options.responses !== undefined) checkResponses(`Route ${route}`, options.responses)
  checkPathParams(route, options, path)
}

/**
 * A path param nobody declares would reach the handler unvalidated and undocumented: refused
 * unless the route's `params` or one of its dependencies' declares it. Runs once the
 * dependencies are flattened (`declaredByDependencies`: the path params they declare).
 */
export function checkPathParamsDeclared (route: string, options: RouteOptions, path: ParsedPath, declaredByDependencies: ReadonlySet<string>): void {
  if (options.params !== undefined) return
  const undeclared = path.names.filter((name) => !declaredByDependencies.has(name))
  if (undeclared.length === 0) return
  const example = undeclared.map((name) => `${name}: z.string()`).join(', ')
  throw new FFA_ERR_PATH_PARAM_MISMATCH(route, `the path has the param${undeclared.length > 1 ? 's' : ''} '${undeclared.join("', '")}' but no 'params' option declares ${undeclared.length > 1 ? 'them' : 'it'}: add params: z.object({ ${example} }) with the type${undeclared.length > 1 ? 's' : ''} you expect (z.number().int() for an integer).`)
}

function checkWebhook (route: string, options: RouteOptions): void {
  if (!isRawBodyReader(options.webhook)) {
    throw new FFA_ERR_OPTION_INVALID(`Route ${route}`, 'webhook', `must be a receiver made with Webhook({ preset, secret }) from fastify-fastapi/webhooks; got ${describe(options.webhook)}`)
  }
  if (options.form !== undefined) {
    throw new FFA_ERR_BODY_AND_FORM(`Route ${route}`, "a webhook route reads its body as JSON, to check its signature, and cannot declare a 'form': declare the payload with 'body'.")
  }
  if (!route.startsWith('POST ') && !route.startsWith('PUT ') && !route.startsWith('PATCH ')) {
    throw new FFA_ERR_OPTION_INVALID(`Route ${route}`, 'webhook', 'needs a method with a body: providers deliver webhooks with POST (declare the route with .post)')
  }
}

function checkDocsOptions (route: string, options: RouteOptions): void {
  const { openapiExtra, callbacks, generateUniqueIdFunction } = options
  if (openapiExtra !== undefined && (typeof openapiExtra !== 'object' || openapiExtra === null || Array.isArray(openapiExtra))) {
    throw new FFA_ERR_OPTION_INVALID(`Route ${route}`, 'openapiExtra', `must be an object merged into the operation, like { 'x-aperture-labs-portal': 'blue' }; got ${describe(openapiExtra)}`)
  }
  if (callbacks !== undefined && !Array.isArray((callbacks as { routes?: unknown } | null)?.routes)) {
    throw new FFA_ERR_OPTION_INVALID(`Route ${route}`, 'callbacks', `must be an APIRouter whose routes document the callbacks; got ${describe(callbacks)}`)
  }
  if (generateUniqueIdFunction !== undefined && typeof generateUniqueIdFunction !== 'function') {
    throw new FFA_ERR_OPTION_INVALID(`Route ${route}`, 'generateUniqueIdFunction', `must be a function of the route returning its operationId; got ${describe(generateUniqueIdFunction)}`)
  }
}

function checkResponse (route: string, options: RouteOptions): void {
  const { response, status } = options
  if (status !== undefined && !isHttpStatus(status)) {
    throw new FFA_ERR_ROUTE_STATUS_INVALID(route, `'status' must be an integer HTTP status from 100 to 599; got ${describe(status)}.`)
  }
  if (response === undefined) return
  if (isZodSchema(response)) {
    if (status !== undefined && BODYLESS_STATUSES.has(status)) {
      throw new FFA_ERR_ROUTE_STATUS_INVALID(route, `status ${status} must not have a response body: remove 'response' or choose another status.`)
    }
    return
  }
  if (typeof response !== 'object' || response === null || Array.isArray(response)) {
    throw new FFA_ERR_ROUTE_SCHEMA_INVALID(route, 'response', `a zod schema or an object of zod schemas by status code ({ 200: Item, 404: Message }); got ${describe(response)}`)
  }
  for (const [key, model] of Object.entries(response)) {
    const code = Number(key)
    if (!isHttpStatus(code)) {
      throw new FFA_ERR_ROUTE_STATUS_INVALID(route, `'response' has the key '${key}', which is not an HTTP status from 100 to 599.`)
    }
    if (!isZodSchema(model)) {
      throw new FFA_ERR_ROUTE_SCHEMA_INVALID(route, `response.${key}`, `a zod schema; got ${describe(model)}`)
    }
    if (BODYLESS_STATUSES.has(code)) {
      throw new FFA_ERR_ROUTE_STATUS_INVALID(route, `status ${code} must not have a response body: remove response.${code}.`)
    }
  }
}

// FastAPI streams what a generator yields: JSON Lines, events, or a StreamingResponse's chunks.
function checkResponseClass (route: string, options: RouteOptions, handler: unknown): void {
  const { responseClass } = options
  if (responseClass !== undefined && !isResponseClass(responseClass)) {
    throw new FFA_ERR_ROUTE_RESPONSE_CLASS(route, `'responseClass' must be a response class (HTMLResponse, PlainTextResponse, RedirectResponse, FileResponse, StreamingResponse, EventSourceResponse, JSONResponse, or a class extending Response); got ${describe(responseClass)}.`)
  }
  const generator = isGeneratorHandler(handler)
  const kind = routeResponseKind(responseClass, generator)
  if (kind === 'event-stream' && !generator) {
    throw new FFA_ERR_ROUTE_RESPONSE_CLASS(route, "EventSourceResponse streams what the handler yields: make the handler a generator (async function* () { yield item }), or return new EventSourceResponse(stream) from a plain one without 'responseClass'.")
  }
  if (generator && kind === 'class' && !extendsClass(responseClass, StreamingResponse)) {
    throw new FFA_ERR_ROUTE_RESPONSE_CLASS(route, `a generator handler streams: with no 'responseClass' (JSON Lines), EventSourceResponse (server-sent events) or StreamingResponse; ${responseClass?.name ?? 'this class'} cannot send what it yields.`)
  }
  if ((kind === 'json-lines' || kind === 'event-stream') && options.response !== undefined && !isZodSchema(options.response)) {
    throw new FFA_ERR_ROUTE_SCHEMA_INVALID(route, 'response', 'one zod schema, the model of each item the generator yields (not one per status)')
  }
}

function checkPathParams (route: string, options: RouteOptions, path: ParsedPath): void {
  if (path.unknownConverter !== undefined) {
    throw new FFA_ERR_PATH_PARAM_MISMATCH(route, `the path param ${path.unknownConverter} has a converter this package does not know; use one of Starlette's (path, str, int, float, uuid), or none and a params schema.`)
  }
  if (options.params === undefined) return
  const declared = Object.keys(options.params._zod.def.shape)
  for (const name of path.names) {
    if (!declared.includes(name)) {
      throw new FFA_ERR_PATH_PARAM_MISMATCH(route, `the path has the param '${name}' but 'params' does not declare it: add ${name} to the params schema.`)
    }
  }
  for (const name of declared) {
    if (!path.names.includes(name)) {
      throw new FFA_ERR_PATH_PARAM_MISMATCH(route, `'params' declares '${name}' but the path has no {${name}}: add it to the path or remove it from params.`)
    }
  }
}
