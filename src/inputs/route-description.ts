import type { FastifyRequest } from 'fastify'
import { kRouteDescription } from '../shared/symbols.js'

/**
 * What the body parsers read of a route this package compiled: the inputs' part of its
 * description (routing's `RouteDescription`, kept on the route's Fastify `config`).
 */
export interface RouteInputsDescription {
  /**
   * Whether an empty body is FastAPI's `missing` at `["body"]`: the route validates one body
   * schema that must be present. Several body params report each missing one themselves.
   */
  bodyRequired: boolean
  /** Whether a body sent without a `Content-Type` is refused as JSON (FastAPI's `strict_content_type`). */
  strictContentType: boolean
  /**
   * Whether the route (or a dependency) reads a form: FastAPI reads a form route's body as a
   * form whatever its content type, so a JSON body is not parsed (not even a malformed one).
   */
  readsForm: boolean
}

/** What this package compiled for the request's route; `undefined` on a plain Fastify route. */
export function routeDescriptionOf (request: FastifyRequest): RouteInputsDescription | undefined {
  return (request.routeOptions.config as unknown as Record<symbol, RouteInputsDescription | undefined>)[kRouteDescription]
}
