import type { FastifyInstance } from 'fastify'
import { FFA_ERR_ROUTE_DUPLICATE } from '../shared/codes.js'

// One registry per server: every encapsulated scope shares Fastify's one router.
const registries = new WeakMap<object, Map<string, Site>>()

/** Where a route was declared: a `DeclarationSite`, formatted only for a message. */
export type Site = { toString (): string }

/**
 * Refuses a second route with the same method and path, naming both places, before Fastify's
 * router refuses it with less to go on.
 */
export function claimRoute (instance: FastifyInstance, method: string, url: string, site: Site): void {
  let registry = registries.get(instance.server)
  if (registry === undefined) registries.set(instance.server, registry = new Map())
  const key = `${method} ${instance.prefix}${url}`
  const earlier = registry.get(key)
  if (earlier !== undefined) {
    const here = String(site)
    throw new FFA_ERR_ROUTE_DUPLICATE(key, String(earlier), String(earlier) === here ? 'that same line again (its router is registered twice under one prefix, or one function declared it for two routers that share a path)' : here)
  }
  registry.set(key, site)
}
