import { FFA_ERR_PATH_PARAM_MISMATCH, FFA_ERR_ROUTE_HANDLER_INVALID, FFA_ERR_ROUTE_OPTION_UNKNOWN, FFA_ERR_ROUTE_SCHEMA_INVALID } from '../shared/codes.js'
import { isZodObject, isZodSchema } from '../shared/is-zod-schema.js'
import { describeValue } from '../shared/options.js'
import type { ParsedPath } from '../routing/path.js'
import type { WebSocketOptionName, WebSocketOptions } from './types.js'
import { checkInvalidMessageAction } from './websockets-options.js'

// Every option a websocket route knows; `satisfies` keeps it in step with WebSocketOptions.
const KNOWN_OPTIONS = {
  params: true, query: true, headers: true, cookies: true, deps: true, dependencies: true, incoming: true, outgoing: true,
  onInvalidMessage: true, summary: true, description: true, tags: true, includeInSchema: true,
} as const satisfies Record<WebSocketOptionName, true>

/** Refuses a websocket route's mistakes when it is declared, naming the route, the option and the fix. */
export function checkWebSocketOptions (route: string, options: object, path: ParsedPath, handler: unknown): void {
  if (typeof handler !== 'function') throw new FFA_ERR_ROUTE_HANDLER_INVALID(route, describeValue(handler))
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(KNOWN_OPTIONS, key)) throw new FFA_ERR_ROUTE_OPTION_UNKNOWN(route, key, Object.keys(KNOWN_OPTIONS).join(', '))
  }
  const declared = options as WebSocketOptions
  for (const location of ['params', 'query', 'headers', 'cookies'] as const) {
    const schema = declared[location]
    if (schema !== undefined && !isZodObject(schema)) {
      throw new FFA_ERR_ROUTE_SCHEMA_INVALID(route, location, `a zod object schema, z.object({ ... }), whose keys are the ${location} names; got ${describeValue(schema)}`)
    }
  }
  for (const direction of ['incoming', 'outgoing'] as const) {
    const schema = declared[direction]
    if (schema !== undefined && !isZodSchema(schema)) {
      throw new FFA_ERR_ROUTE_SCHEMA_INVALID(route, direction, `a zod schema of the messages (a z.discriminatedUnion('type', [...]) usually); got ${describeValue(schema)}`)
    }
  }
  if (declared.onInvalidMessage !== undefined) checkInvalidMessageAction(`Route ${route}`, declared.onInvalidMessage)
  if (declared.params === undefined && path.names.length > 0 && declared.deps === undefined && declared.dependencies === undefined) {
    throw new FFA_ERR_PATH_PARAM_MISMATCH(route, `the path has the param(s) '${path.names.join("', '")}' but no 'params' option declares them: add params: z.object({ ${path.names.map((name) => `${name}: z.string()`).join(', ')} }).`)
  }
}
