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

// The routes of one method, by path: built once per client type, so that a call looks its
// route up by key instead of searching the union.
//   ByPath<RouteType<'GET', '/items/', O>, 'GET'> => { '/items/': RouteType<'GET', '/items/', O> }
type ByPath<TRoutes extends RouteType, TMethod extends HttpMethod> = {
  [TRoute in TRoutes as TRoute['method'] extends TMethod ? TRoute['path'] : never]: TRoute
}

/**
 * One HTTP method of the client (`client.GET`, `client.POST` ...): a path of the API for that
 * method, then what the route declares, typed.
 */
export type ClientMethod<TRoutes extends Record<string, RouteType>> =
  <TPath extends keyof TRoutes & string>(path: TPath, ...init: InitArgs<RequestOf<TPath, TRoutes[TPath]['options']>>) => Promise<ResultOf<TRoutes[TPath]['options'], TRoutes[TPath]['result']>>

/**
 * A client of an API, typed from the API's own type: every path, param, body and answer.
 * Its methods are openapi-fetch's (`GET`, `POST` ...), and so are its calls.
 */
export interface Client<TRoutes extends RouteType> {
  GET: ClientMethod<ByPath<TRoutes, 'GET'>>
  POST: ClientMethod<ByPath<TRoutes, 'POST'>>
  PUT: ClientMethod<ByPath<TRoutes, 'PUT'>>
  PATCH: ClientMethod<ByPath<TRoutes, 'PATCH'>>
  DELETE: ClientMethod<ByPath<TRoutes, 'DELETE'>>
  HEAD: ClientMethod<ByPath<TRoutes, 'HEAD'>>
  OPTIONS: ClientMethod<ByPath<TRoutes, 'OPTIONS'>>
}
