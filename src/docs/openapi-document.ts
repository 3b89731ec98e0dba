import type * as OpenAPI from '../shared/openapi-types.js'
import type { JsonSchema } from '../shared/openapi-types.js'
import type { RouteDescription } from '../routing/compile-route.js'
import { parsePath } from '../routing/path.js'
import type { DocumentOptions } from './docs-options.js'
import { buildOperation, describeDeclaredRoute, generateUniqueId, type DocumentContext } from './operation.js'
import { SchemaComponents } from './schema-components.js'
import type { ValidationResponse } from './validation-responses.js'

/** A route as Fastify registered it, with what this package compiled for it (none on a plain route). */
export interface CollectedRoute {
  methods: readonly string[]
  /** Fastify's full URL: `/v1/items/:item_id`. */
  url: string
  description: RouteDescription | undefined
  /** Whether this package compiled the route (`app.api`, a router); else a plain Fastify route. */
  compiled: boolean
}

export interface DocumentSettings {
  /** The document @fastify/swagger made: the app's metadata and the plain Fastify routes' operations. */
  base: OpenAPI.OpenAPIDocument
  routes: readonly CollectedRoute[]
  validation: ValidationResponse
  options: DocumentOptions
}

const OPERATION_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

/**
 * The OpenAPI 3.1 document of the app, as FastAPI writes it: one operation per route in the
 * order they were registered, FastAPI-style routes from their zod schemas and dependencies,
 * plain Fastify routes as @fastify/swagger documents them from their JSON Schemas.
 */
export function buildOpenApiDocument (settings: DocumentSettings): OpenAPI.OpenAPIDocument {
  const { base, routes, options } = settings
  const components = new SchemaComponents(options.separateInputOutputSchemas)
  const securitySchemes: Record<string, OpenAPI.SecuritySchemeObject> = {}
  const context: DocumentContext = {
    components, validation: settings.validation, securitySchemes, operationIds: new Set(), generateUniqueId: options.generateUniqueIdFunction ?? generateUniqueId,
    securityResponses: options.securityResponses,
  }
  const paths: Record<string, OpenAPI.PathItemObject> = {}

  for (const route of routes) {
    const path = openApiPath(route)
    for (const method of route.methods) {
      const key = method.toLowerCase()
      if (!OPERATION_METHODS.has(key) || isImplicitHead(key, route, routes)) continue
      const operation = route.description === undefined
        ? (base.paths?.[path] as Record<string, OpenAPI.OperationObject> | undefined)?.[key]
        : buildOperation({ method: key, path, description: route.description }, context)
      if (operation === undefined) continue
      ;(paths[path] ??= {} as OpenAPI.PathItemObject)[key as OpenAPI.OperationMethod] = operation
    }
  }

  // FastAPI's app.webhooks: each route under its path, which names the webhook.
  const webhooks: Record<string, OpenAPI.PathItemObject> = {}
  for (const route of options.webhooks?.routes ?? []) {
    const method = route.method.toLowerCase()
    ;(webhooks[route.path] ??= {})[method as OpenAPI.OperationMethod] = buildOperation({ method, path: route.path, description: describeDeclaredRoute(route) }, context)
  }

  const document: OpenAPI.OpenAPIDocument = { openapi: '3.1.0', info: base.info }
  if (base.servers !== undefined && base.servers.length > 0) document.servers = base.servers
  document.paths = paths
  // As FastAPI: only when there are some.
  if (Object.keys(webhooks).length > 0) document.webhooks = webhooks
  const schemas = { ...base.components?.schemas as Record<string, JsonSchema> | undefined, ...components.finish()  }
  const allSchemes = { ...base.components?.securitySchemes, ...securitySchemes }
  const componentsObject: OpenAPI.ComponentsObject = {}
  if (Object.keys(schemas).length > 0) componentsObject.schemas = schemas
  if (Object.keys(allSchemes).length > 0) componentsObject.securitySchemes = allSchemes
  if (Object.keys(componentsObject).length > 0) document.components = componentsObject
  if (base.tags !== undefined && base.tags.length > 0) document.tags = base.tags
  if (base.externalDocs !== undefined) document.externalDocs = base.externalDocs
  return document
}

/**
 * A Fastify URL in OpenAPI's syntax: `/items/:item_id` -> `/items/{item_id}`, a regex after a
 * param dropped (`:kind(^(cat|dog)$)` -> `{kind}`, parentheses balanced), `::` a colon, and
 * the wildcard named as the route names it (`{file_path}`), or `{*}` on a plain route, as
 * @fastify/swagger writes it: the plain routes' operations are found by that key.
 */
function openApiPath (route: Pick<CollectedRoute, 'url' | 'description'>): string {
  const wildcard = (route.description === undefined ? undefined : parsePath(route.description.path).wildcard) ?? '*'
  const url = route.url
  let path = ''
  let unnamed = 0
  for (let index = 0; index < url.length; index++) {
    const character = url[index] as string
    if (character === ':' && url[index + 1] === ':') {
      path += ':'
      index++
    } else if (character === ':' || character === '(') {
      let name = ''
      if (character === ':') while (index + 1 < url.length && /\w/.test(url[index + 1] as string)) name += url[++index]
      if (url[index + 1] === '(' || character === '(') {
        if (character === ':') index++
        for (let depth = 1; depth > 0 && index + 1 < url.length;) {
          const next = url[++index]
          if (next === '(') depth++
          else if (next === ')') depth--
        }
      }
      path += `{${name === '' ? `regexp${++unnamed}` : name}}`
    } else if (character === '*') {
      path += `{${wildcard}}`
    } else {
      path += character
    }
  }
  return path
}

// Fastify answers HEAD for every GET route by itself; FastAPI documents only the GET.
function isImplicitHead (method: string, route: CollectedRoute, routes: readonly CollectedRoute[]): boolean {
  if (method !== 'head') return false
  // Fastify's own HEAD route of a compiled GET route carries the GET's description.
  if (route.compiled) return route.description?.method !== 'HEAD'
  return routes.some((other) => other !== route && other.url === route.url && other.methods.includes('GET'))
}
