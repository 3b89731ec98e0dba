import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import type { z } from 'zod'
import type { StatusCode } from '../shared/http-status.js'
import type { BackgroundTasks } from '../background/background-tasks.js'
import type { Dependency } from '../depends/dependency.js'
import type { DeclaredValues, DepsDeclaration } from '../depends/types.js'
import type { AnyFieldSelection, FieldSelection } from './field-selection.js'
import type { Declared, DeclaredInputs, Nothing, OneBody, ParamsSchema } from '../inputs/declared-inputs.js'
import type { FormLimits } from '../inputs/form-limits.js'
import type { RawBodyReader } from '../inputs/raw-body-reader.js'
import type { PathParamNames } from './path.js'
import type { Response, ResponseClass } from '../responses/response.js'
import type { EventSourceResponse, ServerSentEvent } from '../responses/server-sent-events.js'
import type { DocumentedResponses } from './router-settings.js'
import type { APIRouter } from './api-router.js'
import type { AppRoutes } from './app-routes.js'

/** One response model, or one per status code (FastAPI's `response_model` and `responses`). */
export type ResponseModels = z.core.$ZodType | { readonly [status: number]: z.core.$ZodType }

/**
 * What a FastAPI-style route declares. Every schema is zod; values are validated and
 * coerced as FastAPI does, and the handler's context is inferred from them.
 */
export interface RouteOptions extends DeclaredInputs {
  /** Dependencies, by the name the handler reads them in `deps` (FastAPI's `Depends` params). */
  deps?: DepsDeclaration
  /** Dependencies run for their side effects before the handler (FastAPI's `dependencies=[...]`). */
  dependencies?: Dependency<unknown>[]
  /**
   * The response model: the returned value is validated through it and extra fields are
   * stripped. For a generator handler (a stream), the model of each item yielded.
   */
  response?: ResponseModels
  /**
   * How the route answers (FastAPI's `response_class`): `HTMLResponse`, `PlainTextResponse`,
   * `RedirectResponse` (307 unless `status` says otherwise), `FileResponse`,
   * `StreamingResponse`, `EventSourceResponse` (an async generator handler: server-sent
   * events), or a class of yours. The handler returns the content; the docs show the class's
   * media type instead of JSON. Without it a generator handler streams JSON Lines.
   */
  responseClass?: ResponseClass
  /**
   * Sends only the fields the handler's value has: the defaults the model fills in stay out,
   * in nested models too (FastAPI's `response_model_exclude_unset`, the usual PATCH answer).
   */
  responseModelExcludeUnset?: boolean
  /** Leaves out the fields whose value is their default (FastAPI's `response_model_exclude_defaults`). */
  responseModelExcludeDefaults?: boolean
  /** Leaves out the model fields whose value is `null` (FastAPI's `response_model_exclude_none`). */
  responseModelExcludeNone?: boolean
  /**
   * Sends only these fields of the response model (FastAPI's `response_model_include`):
   * `['name', 'description']`, or nested, `{ baz: true, test: ['foo'] }`. The docs still show the whole model.
   */
  responseModelInclude?: AnyFieldSelection
  /** Leaves these fields of the response model out (FastAPI's `response_model_exclude`): `['tax']`, or nested. */
  responseModelExclude?: AnyFieldSelection
  /** Extra documented responses, merged with the routers' (FastAPI's `responses={404: ...}`). */
  responses?: DocumentedResponses
  /** The status code of a successful response (FastAPI's `status_code`). */
  status?: StatusCode
  summary?: string
  description?: string
  tags?: string[]
  deprecated?: boolean
  operationId?: string
  /** The description of the successful response in the docs. */
  responseDescription?: string
  /** `false` hides the route from the OpenAPI document (FastAPI's `include_in_schema`). */
  includeInSchema?: boolean
  /**
   * `false` reads a body sent without a `Content-Type` as JSON (FastAPI's
   * `strict_content_type=False`). By default, as in FastAPI 0.132+, only a JSON content type
   * (`application/json`, `application/*+json`) is read as JSON. Inherits the router's, then the app's.
   */
  strictContentType?: boolean
  /**
   * Merged into the route's OpenAPI operation, deeply, as FastAPI's `openapi_extra` is:
   * `{ 'x-aperture-labs-portal': 'blue' }`, or a `requestBody` the route reads by itself.
   */
  openapiExtra?: Record<string, unknown>
  /**
   * The requests this route's API makes to its users' APIs, documented as the operation's
   * `callbacks` (FastAPI's `callbacks=router.routes`): an APIRouter whose routes are never
   * served, named by their handlers, at runtime-expression paths (`{$callback_url}/invoices/{$request.body.id}`).
   */
  callbacks?: CallbackRoutes
  /** Makes the route's operationId when it has none (FastAPI's `generate_unique_id_function`); inherits the router's, then the docs'. */
  generateUniqueIdFunction?: GenerateUniqueId
  /**
   * Limits of this route's form body, over the app's (`routing: { formLimits }`): `fields`
   * (default 1000) and `fieldSize` (characters of one field, default 1 MiB). Past one, 413.
   * The whole body is bounded first by Fastify's `bodyLimit` (`fastify: { bodyLimit }`).
   */
  formLimits?: Partial<FormLimits>
  /**
   * Makes the route a webhook receiver (`Webhook({ preset: 'stripe', secret })` from
   * fastify-fastapi/webhooks): its signature is checked over the body's exact bytes before the
   * JSON is parsed and validated by `body`; a retried event is answered without running the
   * handler again. Only this route reads its body that way.
   */
  webhook?: RawBodyReader
  /**
   * Milliseconds this route has to answer, from routing to the last byte of its response
   * (Fastify's `handlerTimeout`, over the app's `fastapiServerOptions({ handlerTimeout })`).
   * Past it the client gets 503 `{"detail":"Service Unavailable"}`, `request.signal` aborts, and
   * the dependencies' cleanups run with the timeout error thrown in at their `yield` (a
   * rollback, a connection back to its pool), even if the handler never settles. FastAPI has no
   * such limit; the default is none. A streamed response still open then is cut.
   */
  handlerTimeout?: number
  /** Plain Fastify route options (`bodyLimit`, `config`, hooks ...), passed through as they are. */
  fastify?: Omit<RouteShorthandOptions, 'schema' | 'handler'>
}

/** What a custom operationId generator is given about a route (FastAPI passes its `APIRoute`). */
export interface OperationRoute {
  /** The handler's name: `read_items`; empty for an anonymous handler. */
  name: string
  /** The full path in OpenAPI's syntax: `/items/{item_id}`. */
  path: string
  /** In upper case: `GET`. */
  method: string
  /** The route's tags, its routers' first. */
  tags: readonly string[]
  /** The route's `summary`, as declared; undefined without one. */
  summary: string | undefined
}

/**
 * FastAPI's `generate_unique_id_function`: the operationId of a route, for clients generated
 * from the document. The default is FastAPI's (`read_items_items__get`).
 *
 * @example
 * const byTag: GenerateUniqueId = (route) => `${route.tags[0]}-${route.name}`   // FastAPI's "Generate Clients"
 */
export type GenerateUniqueId = (route: OperationRoute) => string

/** Routes documented, never served: a router's (webhooks, callbacks). Any APIRouter is one. */
export interface CallbackRoutes {
  readonly routes: ReadonlyArray<{ method: HttpMethod, path: string, options: RouteOptions, handler: (...args: never[]) => unknown }>
}

/** The names `RouteOptions` knows, for registration-time checks. */
export type RouteOptionName = keyof RouteOptions

/** Path params: the `params` schema's output, or (when dependencies declare them) a string per `{name}` in the path. */
export type ParamsOf<TPath extends string, TOptions> =
  Declared<TOptions, 'params', { [Name in PathParamNames<TPath>]: string }>

/** What a handler receives: every declared input, validated, coerced and typed. */
export interface HandlerContext<TPath extends string = string, TOptions = RouteOptions> extends DeclaredValues<TOptions> {
  params: ParamsOf<TPath, TOptions>
  /** Tasks to run after the response is sent (FastAPI's `BackgroundTasks`), shared with the dependencies. */
  background: BackgroundTasks
  request: FastifyRequest
  reply: FastifyReply
}

// What the handler may return: a value its response model accepts (or the reply, when it
// sends by itself). With no response model, anything JSON can carry.
//   ResponseInput<ZodObject<{ id: ZodNumber }>>       => { id: number }
//   ResponseInput<{ 200: typeof Item, 404: typeof M }> => Item input | M input
export type ResponseInput<TResponse> =
  TResponse extends z.core.$ZodType ? z.input<TResponse>
    : TResponse extends { readonly [status: number]: z.core.$ZodType }
      ? { [Status in keyof TResponse]: TResponse[Status] extends z.core.$ZodType ? z.input<TResponse[Status]> : never }[keyof TResponse]
      : unknown

// What a generator handler yields: items of the model, or, for server-sent events, events.
//   Yielded<{ response: typeof Item }, false> => Item input
//   Yielded<{ response: typeof Item }, true>  => Item input | ServerSentEvent
export type Yielded<TOptions, TEvents extends boolean> =
  (TOptions extends { response: infer TResponse } ? ResponseInput<TResponse> : unknown) | (TEvents extends true ? ServerSentEvent : never)

type Streamed<TItem> = AsyncGenerator<TItem, unknown, undefined> | Generator<TItem, unknown, undefined>

// `responseClass: HTMLResponse` => the handler returns a string (or a Response, or the reply).
//   ClassResult<typeof HTMLResponse, {}>         => string | Uint8Array | null | undefined | Response | FastifyReply | Promise<...>
//   ClassResult<typeof EventSourceResponse, ...>  => a generator of items or ServerSentEvents
type ClassResult<TClass, TOptions> =
  TClass extends typeof EventSourceResponse ? Streamed<Yielded<TOptions, true>> | Response
    : TClass extends abstract new (content: infer TContent, ...rest: never[]) => unknown
      ? TContent | Response | FastifyReply | Promise<TContent | Response | FastifyReply> | Streamed<unknown>
      : unknown

export type HandlerResult<TOptions> =
  TOptions extends { responseClass: infer TClass } ? ClassResult<TClass, TOptions>
    : TOptions extends { response: infer TResponse }
      ? ResponseInput<TResponse> | FastifyReply | Response | Promise<ResponseInput<TResponse> | FastifyReply | Response> | Streamed<ResponseInput<TResponse>>
      : unknown

export type RouteHandler<TPath extends string = string, TOptions = RouteOptions> =
  (context: HandlerContext<TPath, TOptions>) => HandlerResult<TOptions>

// Generic options are inferred, and inferred objects skip TypeScript's excess-property check:
// this brings it back, so a misspelled option (`qurey`) is a type error.
//   NoUnknownOptions<{ qurey: X }> => { qurey: never }
export type NoUnknownOptions<TOptions> = {
  [Key in Exclude<keyof TOptions, RouteOptionName>]: never
}

// `responseModelInclude` and `responseModelExclude` name the fields of the route's response
// model, so a misspelled field is a type error; without a response model, the options that
// act on it are type errors too.
//   ResponseSelection<{ response: ZodObject<{ name, tax }> }>
//     => { responseModelInclude?: FieldSelection<{ name: string, tax: number }>, ... }
//   ResponseSelection<{}> => { responseModelExcludeUnset?: never, ... }
export type ResponseSelection<TOptions> =
  TOptions extends { response: infer TResponse }
    ? ResponseOutput<TResponse> extends infer TModel
      ? { responseModelInclude?: FieldSelection<TModel>, responseModelExclude?: FieldSelection<TModel> }
      : never
    : { [Option in ResponseModelOption]?: never }

type ResponseModelOption = 'responseModelExcludeUnset' | 'responseModelExcludeDefaults' | 'responseModelExcludeNone' | 'responseModelInclude' | 'responseModelExclude'

type ResponseOutput<TResponse> =
  TResponse extends z.core.$ZodType ? z.output<TResponse>
    : TResponse extends { readonly [status: number]: z.core.$ZodType }
      ? { [Status in keyof TResponse]: TResponse[Status] extends z.core.$ZodType ? z.output<TResponse[Status]> : never }[keyof TResponse]
      : unknown

// A path with params needs a schema for them: the route's `params`, or a dependency's (its
// `deps` or `dependencies` may declare them, which the types cannot see through). Without any,
// the route is refused at registration; these make it a type error first.
//   ParamsRequired<'/items/{item_id}', {}>                     => { params: ParamsSchema }
//   ParamsRequired<'/items/{item_id}', { params: ... }>        => unknown
//   ParamsRequired<'/items/', {}>                              => unknown
export type ParamsRequired<TPath extends string, TOptions> =
  string extends TPath ? unknown
    : [PathParamNames<TPath>] extends [never] ? unknown
      : TOptions extends { params: unknown } | { deps: unknown } | { dependencies: unknown } ? unknown
        : { params: ParamsSchema }

//   BareHandler<'/items/'>           => RouteHandler<'/items/', {}>
//   BareHandler<'/items/{item_id}'>  => { 'the path has params: declare them in options.params': 'item_id' }
export type BareHandler<TPath extends string, TResult = unknown> =
  string extends TPath ? (context: HandlerContext<TPath, Nothing>) => TResult
    : [PathParamNames<TPath>] extends [never] ? (context: HandlerContext<TPath, Nothing>) => TResult
      : { 'the path has params: declare them in options.params': PathParamNames<TPath> }

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS'

export type { StatusCode }

/**
 * One declared route as a router's type records it, for the typed client
 * (fastify-fastapi/client) to read: the method, the full path and the options as inferred.
 * It exists only in types; `RouteType` with its defaults stands for "any route".
 */
export interface RouteType<TMethod extends HttpMethod = HttpMethod, TPath extends string = string, TOptions = unknown, TResult = unknown> {
  readonly method: TMethod
  readonly path: TPath
  readonly options: TOptions
  /** What the handler returns: the answer's type when no response model says it (FastAPI reads the return annotation). */
  readonly result: TResult
}

// What declaring a route returns: the router (or `app.api`) typed with one route more, so
// that a chain of declarations types the whole API (Hono's way); a statement ignores it.
//   WithRoute<APIRouter<R, '/items'>, 'GET', '/{item_id}', O> => APIRouter<R | RouteType<'GET', '/items/{item_id}', O>, '/items'>
//   WithRoute<AppRoutes<R>, 'GET', '/', O>                    => AppRoutes<R | RouteType<'GET', '/', O>>
export type WithRoute<TOwner, TMethod extends HttpMethod, TPath extends string, TOptions, TResult> =
  TOwner extends APIRouter<infer TRoutes, infer TPrefix> ? APIRouter<TRoutes | RouteType<TMethod, `${TPrefix}${TPath}`, TOptions, TResult>, TPrefix>
    : TOwner extends AppRoutes<infer TRoutes> ? AppRoutes<TRoutes | RouteType<TMethod, TPath, TOptions, TResult>>
      : TOwner

// The routes of an included router, below a further prefix; the "any route" placeholder that
// every router type starts from (its options `unknown`) is left behind.
//   Prefixed<RouteType<'GET', '/items/', O>, '/v1'> => RouteType<'GET', '/v1/items/', O>
export type Prefixed<TRoutes, TPrefix extends string> =
  TRoutes extends RouteType<infer TMethod, infer TPath, infer TOptions, infer TResult>
    ? unknown extends TOptions ? never : RouteType<TMethod, `${TPrefix}${TPath}`, TOptions, TResult>
    : never

/** `get`, `post` ... as an APIRouter and `app.api` offer them; each returns its owner typed with the new route. */
export interface RouteMethod<TMethod extends HttpMethod, TOwner> {
  <TPath extends string, TOptions extends RouteOptions, TResult extends HandlerResult<TOptions>>(
    path: TPath,
    options: TOptions & NoUnknownOptions<TOptions> & ResponseSelection<TOptions> & ParamsRequired<TPath, TOptions> & OneBody<TOptions>,
    handler: (context: HandlerContext<TPath, TOptions>) => TResult,
  ): WithRoute<TOwner, TMethod, TPath, TOptions, TResult>
  <TPath extends string, TResult>(path: TPath, handler: BareHandler<TPath, TResult>): WithRoute<TOwner, TMethod, TPath, Nothing, TResult>
}
