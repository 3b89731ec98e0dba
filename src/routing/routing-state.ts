import type { FastifyInstance } from 'fastify'
import type { FormLimits } from '../inputs/form-limits.js'
import type { FormUploads } from '../uploads/form-uploads.js'
import { kRoutingState } from '../shared/symbols.js'

/** The routing plugin's app-wide settings, on the instance it was registered on (and its children). */
export interface RoutingState {
  /** The app's default for routes and routers that do not choose (FastAPI's `FastAPI(strict_content_type=...)`). */
  strictContentType: boolean
  /** The app's limits of a form body, for routes without their own `formLimits`. */
  formLimits: FormLimits
  /** The app's temp folder for uploaded files, and the `accept` lists checked at startup. */
  formUploads: FormUploads
}

export function routingStateOf (instance: FastifyInstance): RoutingState | undefined {
  return (instance as unknown as Record<symbol, RoutingState | undefined>)[kRoutingState]
}
