import type { APIRouter } from '../routing/api-router.js'
import type { AppRoutes } from '../routing/app-routes.js'
import type { HttpMethod, RouteType } from '../routing/types.js'
import type { InitArgs, RequestOf } from './request-types.js'
import type { ResultOf } from './response-types.js'

// The routes of an API's type: an APIRouter's, `app.api`'s after a chain of declarations and
// `includeRouter`s, a union of those, or RouteTypes themselves; without the "any route"
// placeholder every router type starts from (its options are `unknown`).
//   ApiRoutes<typeof items | typeof users> => the routes of both
export type ApiRoutes<TApi> =
  TApi extends APIRouter<infer TRoutes, string> ? Declared<TRoutes>
    : TApi extends AppRoutes<infer TRoutes> ? Declared<TRoutes>
      : TApi extends RouteType ? Declared<TApi>
        : never

type Declared<TRoutes> = TRoutes extends RouteType ? unknown extends TRoutes['options'] ? never : TRoutes : never

// One route's call, worked out once per client type: the arguments it takes and what it answers.
//   RouteCall<[init: { body: Item }], SuccessResult<201, Item> | ...>
export interface RouteCall<TArgs extends unknown[] = unknown[], TResult = unknown> {
  args: TArgs
  result: TResult
}

// The calls of one method, by path: built once per client type, so that a call looks its route
// up by key, and what it takes is not worked out again for every route at every call (a
// call's arguments are checked against the path's entry, and before its path is known,
// against the union of the entries, which this keeps to one computed union).
//   CallsByPath<RouteType<'GET', '/items/', O>, 'GET'> => { '/items/': RouteCall<InitArgs<...>, ResultOf<O>> }
type CallsByPath<TRoutes extends RouteType, TMethod extends HttpMethod> = {
  [TRoute in TRoutes as TRoute['method'] extends TMethod ? TRoute['path'] : never]:
    RouteCall<InitArgs<RequestOf<TRoute['path'], TRoute['options']>>, ResultOf<TRoute['options'], TRoute['result']>>
}

/**
 * One HTTP method of the client (`client.GET`, `client.POST` ...): a path of the API for that
 * method, then what the route declares, typed.
 */
export type ClientMethod<TCalls extends Record<string, RouteCall>> =
  <TPath extends keyof TCalls & string>(path: TPath, ...init: TCalls[TPath]['args']) => Promise<TCalls[TPath]['result']>

/**
 * A client of an API, typed from the API's own type: every path, param, body and answer.
 * Its methods are openapi-fetch's (`GET`, `POST` ...), and so are its calls.
 */
export interface Client<TRoutes extends RouteType> {
  GET: ClientMethod<CallsByPath<TRoutes, 'GET'>>
  POST: ClientMethod<CallsByPath<TRoutes, 'POST'>>
  PUT: ClientMethod<CallsByPath<TRoutes, 'PUT'>>
  PATCH: ClientMethod<CallsByPath<TRoutes, 'PATCH'>>
  DELETE: ClientMethod<CallsByPath<TRoutes, 'DELETE'>>
  HEAD: ClientMethod<CallsByPath<TRoutes, 'HEAD'>>
  OPTIONS: ClientMethod<CallsByPath<TRoutes, 'OPTIONS'>>
}
