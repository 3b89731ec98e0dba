import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import type { Response as ResponseObject } from '../responses/response.js'
import type { DependencyOptionsOf } from './request-types.js'

// What a call of the typed client answers, read off a route's inferred options: one member per
// status the route declares, discriminated by `status`, with `data` for a 2xx and `error`
// otherwise (openapi-fetch's `{ data, error, response }`, plus the status). Types only.

type Schema = z.core.$ZodType

/** FastAPI's 422 body: every validation error of the request (its `HTTPValidationError`). */
export interface HTTPValidationError {
  detail: ValidationErrorItem[]
}

/** A 2xx answer: `data` is the response model's output. */
export interface SuccessResult<TStatus extends number, TData> {
  status: TStatus
  data: TData
  error?: never
  response: Response
}

/** Any other declared answer: `error` is its model's output (`unknown` when it declares none). */
export interface ErrorResult<TStatus extends number, TError> {
  status: TStatus
  data?: never
  error: TError
  response: Response
}

// `true` for a 2xx status.
//   IsSuccess<201> => true;  IsSuccess<404> => false
type IsSuccess<TStatus extends number> = `${TStatus}` extends `2${string}` ? true : false

// One declared status as a result member.
//   Result<200, Item> => SuccessResult<200, Item>;  Result<404, Message> => ErrorResult<404, Message>
type Result<TStatus extends number, TBody> =
  IsSuccess<TStatus> extends true ? SuccessResult<TStatus, TBody> : ErrorResult<TStatus, TBody>

// The output of a model, `unknown` for none.
type OutputOf<TModel> = TModel extends Schema ? z.output<TModel> : unknown

// The status of a successful answer: the route's `status`, else FastAPI's 200.
type SuccessStatus<TOptions> = TOptions extends { readonly status: infer TStatus extends number } ? TStatus : 200

// Statuses with no body: the client gives `undefined` for them.
type Bodiless = 204 | 205 | 304

// What a handler's value is sent as, without a response model (FastAPI reads the return
// annotation): the awaited value, bar a reply or Response it sends by itself (whose body the
// types cannot know) and a stream.
//   HandlerData<Promise<{ id: number }>> => { id: number }
//   HandlerData<FastifyReply>            => unknown
type HandlerData<TResult> =
  Awaited<TResult> extends infer TValue
    ? TValue extends FastifyReply | ResponseObject | AsyncIterable<unknown> | Iterator<unknown> ? unknown : TValue
    : never

// The answers of the route's `response`: one model for the success status, or one per status;
// without one, what the handler returns.
//   ModelResults<{ response: typeof Item, status: 201 }, R> => SuccessResult<201, Item>
//   ModelResults<{ response: { 200: typeof Item, 404: typeof Message } }, R> => SuccessResult<200, Item> | ErrorResult<404, Message>
//   ModelResults<{}, Promise<{ message: string }>> => SuccessResult<200, { message: string }>
type ModelResults<TOptions, TResult> =
  TOptions extends { readonly response: infer TResponse }
    ? TResponse extends Schema ? Result<SuccessStatus<TOptions>, z.output<TResponse>>
      : { [TStatus in keyof TResponse & number]: Result<TStatus, OutputOf<TResponse[TStatus]>> }[keyof TResponse & number]
    : SuccessStatus<TOptions> extends infer TStatus extends number
      ? Result<TStatus, TStatus extends Bodiless ? undefined : TOptions extends { readonly responseClass: unknown } ? unknown : HandlerData<TResult>>
      : never

// The extra answers of `responses` (FastAPI's `responses={404: {"model": Message}}`), bar the
// statuses the response models already describe.
type DocumentedResults<TOptions> =
  TOptions extends { readonly responses: infer TResponses }
    ? {
        [TStatus in Exclude<keyof TResponses & number, ModelStatuses<TOptions>>]:
          Result<TStatus, TResponses[TStatus] extends { readonly model: infer TModel } ? OutputOf<TModel> : unknown>
      }[Exclude<keyof TResponses & number, ModelStatuses<TOptions>>]
    : never

type ModelStatuses<TOptions> =
  TOptions extends { readonly response: infer TResponse }
    ? TResponse extends Schema ? SuccessStatus<TOptions> : keyof TResponse & number
    : SuccessStatus<TOptions>

// The statuses of the `errors` a dependency declares (`Depends({ errors: [{ status: 401 }] }, ...)`),
// each as written; a status only known as a number is left out.
//   ErrorStatuses<{ errors: [{ status: 401 }, { status: 403 }] }> => 401 | 403
type ErrorStatuses<TOptions> =
  TOptions extends { readonly errors: ReadonlyArray<{ readonly status: infer TStatus extends number }> }
    ? number extends TStatus ? never : TStatus
    : never

type DocumentedStatuses<TOptions> = TOptions extends { readonly responses: infer TResponses } ? keyof TResponses & number : never

// The errors the route's dependencies declare, to any depth (FastAPI documents them on the
// route too), bar the statuses the route declares itself: FastAPI's `{ detail }` for each.
//   DependencyErrorResults<{ deps: { user: Dependency<User, { errors: [{ status: 401 }] }> } }> => ErrorResult<401, { detail: unknown }>
type DependencyErrorResults<TOptions> =
  Exclude<ErrorStatuses<DependencyOptionsOf<TOptions>>, ModelStatuses<TOptions> | DocumentedStatuses<TOptions> | 422> extends infer TStatus extends number
    ? TStatus extends unknown ? ErrorResult<TStatus, { detail: unknown }> : never
    : never

// FastAPI's 422, for a route that reads the request: its own inputs, or its dependencies' (which
// the types cannot see, so any route with dependencies may answer it).
type ValidationResult<TOptions> =
  TOptions extends { readonly params: unknown } | { readonly query: unknown } | { readonly headers: unknown } | { readonly cookies: unknown }
    | { readonly body: unknown } | { readonly form: unknown } | { readonly deps: unknown } | { readonly dependencies: unknown }
    ? ErrorResult<422, HTTPValidationError>
    : never

/**
 * What a call answers: a union discriminated by `status`, one member per status the route
 * declares (its success status, `responses`, and the 422 when it reads the request); `TResult`
 * is the handler's return type, the data of a route without a response model.
 *
 * @example
 * const { status, data, error } = await client.GET('/items/{item_id}', { params: { path: { item_id: 1 } } })
 * if (status === 200) data.name      // the response model's output
 * else if (status === 404) error     // the 404's model, from `responses`
 * else error.detail[0]?.loc          // 422: FastAPI's validation errors
 */
export type ResultOf<TOptions, TResult = unknown> =
  ModelResults<TOptions, TResult> | DocumentedResults<TOptions> | ValidationResult<TOptions> | DependencyErrorResults<TOptions>
