import type { FastifyRequest } from 'fastify'
import { kDocsRoute } from './symbols.js'

// A docs page or document: hidden from the document, served even by a retired version. A fresh object per route: Fastify keeps each route's options.
export const docsRoute = () => ({ schema: { hide: true }, config: { [kDocsRoute]: true } })

/** Whether a request is for a docs page or document (a retired version still shows its docs). */
export function isDocsRoute (request: FastifyRequest): boolean {
  return (request.routeOptions.config as unknown as Record<symbol, unknown>)[kDocsRoute] === true
}
