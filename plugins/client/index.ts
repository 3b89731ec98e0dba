// fastify-fastapi/client: a client typed from the app's own type (Hono's `hc`, Elysia's Eden),
// over fetch in a browser or Node, or over `app.inject` in tests. It imports nothing of Node's
// or Fastify's at runtime, so a front end bundles it as it is.
export { createClient, type ClientOptions } from '../../src/client/create-client.js'
export { injectFetch, type Injectable, type InjectRequest, type InjectedResponse } from '../../src/client/inject-transport.js'
export type { ApiRoutes, Client, ClientMethod } from '../../src/client/client-types.js'
export type { CommonInit, InitArgs, ParamsInit, RequestOf } from '../../src/client/request-types.js'
export type { ErrorResult, HTTPValidationError, ResultOf, SuccessResult } from '../../src/client/response-types.js'
export type { RouteType } from '../../src/routing/types.js'
