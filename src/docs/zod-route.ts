import type { RouteOptions as FastifyRouteOptions } from 'fastify'
import { z } from 'zod'
import { wrappedPlainRouteOf } from '../depends/plain-routes.js'
import type { RouteDescription } from '../routing/compile-route.js'
import { isZodObject, isZodSchema } from '../shared/is-zod-schema.js'
import type { HttpMethod, RouteOptions } from '../routing/types.js'

// What a plain route's `schema` may carry, as Fastify and fastify-type-provider-zod read it.
interface PlainSchema {
  params?: unknown
  querystring?: unknown
  query?: unknown
  headers?: unknown
  body?: unknown
  response?: Record<string, unknown>
  summary?: string
  description?: string
  tags?: string[]
  deprecated?: boolean
  operationId?: string
}

/**
 * A plain Fastify route whose schemas are zod's (fastify-type-provider-zod's routes), seen
 * as a FastAPI-style route: the docs then write it as they write `app.api` routes (pydantic's
 * titles, the 422, components for named models, the dependencies' params and security)
 * instead of handing zod objects to @fastify/swagger, which reads JSON Schema only.
 * `undefined` for a route with any JSON Schema part, or none in zod.
 */
export function describeZodRoute (route: FastifyRouteOptions): RouteDescription | undefined {
  const schema = route.schema as PlainSchema | undefined
  if (schema === undefined) return undefined
  const { params, headers, body, response = {} } = schema
  const query = schema.querystring ?? schema.query
  const objects = [params, query, headers].filter((part) => part !== undefined)
  // Status codes only: '2xx' and 'default' have no place in FastAPI's responses.
  const models = Object.entries(response).filter(([status]) => /^\d{3}$/.test(status))
  const parts = [...objects, ...(body === undefined ? [] : [body]), ...models.map(([, model]) => model)]
  if (parts.length === 0 || !parts.every(isZodSchema) || !objects.every(isZodObject)) return undefined

  const responseModels = Object.fromEntries(models.map(([status, model]) => [Number(status), model as z.core.$ZodType]))
  // The success FastAPI would document: the first 2xx declared, else 200.
  const status = models.map(([code]) => Number(code)).find((code) => code >= 200 && code < 300)
  const options: RouteOptions = {
    params: params as z.core.$ZodObject | undefined,
    query: query as z.core.$ZodObject | undefined,
    headers: headers as z.core.$ZodObject | undefined,
    body: body as z.core.$ZodType | undefined,
    response: models.length === 0 ? undefined : responseModels,
    status,
    summary: schema.summary,
    description: schema.description,
    tags: schema.tags,
    deprecated: schema.deprecated,
    operationId: schema.operationId,
  }
  // The depends plugin wraps the handler: the docs name the route after the user's.
  const wrapped = wrappedPlainRouteOf(route)
  const handler = (wrapped?.handler ?? route.handler) as (...args: never[]) => unknown
  return {
    method: [route.method].flat()[0] as HttpMethod,
    path: route.url,
    options,
    handlerName: handler.name,
    handler,
    bodyRequired: body !== undefined && !z.safeParse(body as z.core.$ZodType, undefined).success,
    // Documentation only: Fastify's parsers, not ours, read a plain route's body.
    strictContentType: false,
    readsForm: (wrapped?.plan.form ?? null) !== null,
    dependencies: wrapped?.plan ?? null,
    errors: wrapped?.plan.errors ?? [],
  }
}
