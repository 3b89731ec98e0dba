import type { FastifyInstance } from 'fastify'
import { kRoutingState } from '../shared/symbols.js'

/** The routing plugin's app-wide settings, on the instance it was registered on (and its children). */
export interface RoutingState {
  /** The app's default for routes and routers that do not choose (FastAPI's `FastAPI(strict_content_type=...)`). */
  strictContentType: boolean
}

export function routingStateOf (instance: FastifyInstance): RoutingState | undefined {
  return (instance as unknown as Record<symbol, RoutingState | undefined>)[kRoutingState]
}
