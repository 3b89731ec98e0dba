import type { FastifyContextConfig, FastifyReply, FastifyRequest, FastifySchema, RouteOptions as FastifyRouteOptions } from 'fastify'
import { kRouteDescription } from '../symbols.js'
import { parsePath } from './path.js'
import { bareInputs, compileInputs } from './request-inputs.js'
import { compileResponse } from './response-model.js'
import { checkRouteOptions } from './route-options-check.js'
import type { HttpMethod, RouteHandler, RouteOptions } from './types.js'

/** What a route declared, kept on its Fastify `config` for the other plugins (errors, docs). */
export interface RouteDescription {
  method: HttpMethod
  path: string
  options: RouteOptions
  /** Whether the route validates a body that must be present. */
  bodyRequired: boolean
}

/** What this package compiled for the request's route; `undefined` on a plain Fastify route. */
export function routeDescriptionOf (request: FastifyRequest): RouteDescription | undefined {
  return (request.routeOptions.config as unknown as Record<symbol, RouteDescription | undefined>)[kRouteDescription]
}

// The handler's one argument. A class, so every context has the same shape for V8.
class Context {
  constructor (
    readonly params: unknown,
    readonly query: unknown,
    readonly headers: unknown,
    readonly cookies: unknown,
    readonly body: unknown,
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
  ) {}
}

function isPromiseLike (value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

/**
 * Turns a FastAPI-style route into a Fastify route, once, at registration: options are
 * checked, schemas compiled into an input reader and a response sender, and the request
 * path is one function that reads, calls the handler and sends.
 */
export function compileRoute (
  method: HttpMethod,
  path: string,
  options: RouteOptions,
  handler: RouteHandler<string, never>,
): FastifyRouteOptions {
  const route = `${method} ${path}`
  const parsed = parsePath(path)
  checkRouteOptions(route, options, parsed, handler)
  const readInputs = compileInputs(options, parsed.wildcard) ?? bareInputs
  const sendResult = compileResponse(options.response, route)
  const status = options.status
  const userHandler = handler as unknown as (context: Context) => unknown

  const description: RouteDescription = {
    method,
    path,
    options,
    bodyRequired: options.body !== undefined && !options.body.safeParse(undefined).success,
  }

  // Not `async`: a sync handler answers without a promise; an async one is chained once.
  // A throw here reaches Fastify's error handler either way.
  function fastapiHandler (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | undefined {
    const inputs = readInputs(request)
    if (status !== undefined) reply.code(status)
    const result = userHandler(new Context(inputs.params, inputs.query, inputs.headers, inputs.cookies, inputs.body, request, reply))
    if (isPromiseLike(result)) return Promise.resolve(result).then((value) => sendResult(value, reply))
    sendResult(result, reply)
    return undefined
  }

  const fastify = options.fastify ?? {}
  return {
    ...fastify,
    method,
    url: parsed.url,
    handler: fastapiHandler,
    config: { ...fastify.config, [kRouteDescription]: description } as FastifyContextConfig,
    // Documentation only: no validation schema here, so Fastify compiles nothing for this route.
    schema: {
      summary: options.summary,
      description: options.description,
      tags: options.tags,
      deprecated: options.deprecated,
      operationId: options.operationId,
      hide: options.includeInSchema === false ? true : undefined,
    } as FastifySchema,
  }
}
