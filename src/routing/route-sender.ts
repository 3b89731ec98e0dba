import type { z } from 'zod'
import type { EventSourceResponse } from '../responses/server-sent-events.js'
import { compileClassSender, compileEventStreamSender, compileJsonLinesSender, isGeneratorHandler, routeResponseKind } from '../responses/route-response.js'
import type { ResponseClass } from '../responses/response.js'
import { compileItemSerializer, compileResponse, sendingOnly, type ResponseSender, type TwoStepSender } from './response-model.js'
import { responseFilterOptionsOf } from './response-filter.js'
import type { RouteOptions } from './types.js'

/** How a route answers, and the status it starts from. */
export interface RouteSender {
  send: ResponseSender
  /** The same in two steps, for a request with function-scoped cleanups between them. */
  steps: TwoStepSender
  /** Set before the handler runs (the handler may change it): the route's, else its class's default when not 200. */
  status: number | undefined
}

/**
 * Picks, once, how a route's handler value is sent (see `routeResponseKind`): plain JSON routes
 * keep `compileResponse`, the compiled serializer, untouched.
 */
export function compileRouteSender (route: string, options: RouteOptions, handler: unknown): RouteSender {
  const responseClass = options.responseClass as ResponseClass | undefined
  const filter = responseFilterOptionsOf(route, options)
  const kind = routeResponseKind(responseClass, isGeneratorHandler(handler))
  if (kind === 'json') {
    const send = compileResponse(options.response, route, filter)
    return { send, steps: send, status: options.status }
  }
  // A streaming route's `response` is the model of each item (checked to be one schema); its
  // function-scoped dependencies clean up before the stream starts, as FastAPI's do.
  const itemModel = options.response as z.core.$ZodType | undefined
  if (kind === 'json-lines') return streamed(compileJsonLinesSender(compileItemSerializer(itemModel, route, filter)), options.status)
  if (kind === 'event-stream') {
    return streamed(compileEventStreamSender(responseClass as unknown as typeof EventSourceResponse, compileItemSerializer(itemModel, route, filter)), options.status)
  }
  const defaultStatus = (responseClass as ResponseClass).defaultStatus
  return streamed(compileClassSender(responseClass as ResponseClass), options.status ?? (defaultStatus === 200 ? undefined : defaultStatus))
}

function streamed (send: ResponseSender, status: number | undefined): RouteSender {
  return { send, steps: sendingOnly(send), status }
}
