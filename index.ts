// fastify-fastapi: the core and every plugin. Each plugin also has its own entry
// ('fastify-fastapi/errors', 'fastify-fastapi/depends', 'fastify-fastapi/background',
// 'fastify-fastapi/routing', 'fastify-fastapi/docs', 'fastify-fastapi/sessions',
// 'fastify-fastapi/middleware', 'fastify-fastapi/fastapi').
export * from './src/index.js'
export { fastapi, fastapiPreset, type FastAPIOptions } from './plugins/fastapi/index.js'
export { fastapiErrors } from './plugins/errors/index.js'
export { fastapiDepends, depsOf, type DependsOptions } from './plugins/depends/index.js'
export { fastapiRouting, type RoutingOptions } from './plugins/routing/index.js'
export { fastapiBackground, type BackgroundOptions } from './plugins/background/index.js'
export { fastapiDocs, type DocsOptions } from './plugins/docs/index.js'
export { fastapiSessions } from './plugins/sessions/index.js'
export { httpMiddleware, CallNextResponse, ResponseHeaders, type BodyContent, type CallNext, type HTTPMiddleware, type MiddlewareResult } from './plugins/middleware/http.js'
export { RequestIdMiddleware, REQUEST_ID_PATTERN, type RequestIdOptions } from './plugins/middleware/request-id.js'
export type * from './src/shared/openapi-types.js'
