// fastify-fastapi: the core and every plugin. Each plugin also has its own entry
// ('fastify-fastapi/errors', 'fastify-fastapi/depends', 'fastify-fastapi/background',
// 'fastify-fastapi/routing', 'fastify-fastapi/docs', 'fastify-fastapi/sessions', 'fastify-fastapi/rate-limit',
// 'fastify-fastapi/caching', 'fastify-fastapi/middleware', 'fastify-fastapi/fastapi').
export * from './src/index.js'
export { fastapi, fastapiPreset, type FastAPIOptions } from './plugins/fastapi/index.js'
export { fastapiErrors } from './plugins/errors/index.js'
export { fastapiDepends, depsOf, type DependsOptions } from './plugins/depends/index.js'
export { fastapiRouting, type RoutingOptions } from './plugins/routing/index.js'
export { fastapiBackground, type BackgroundOptions } from './plugins/background/index.js'
export { fastapiDocs, type DocsOptions } from './plugins/docs/index.js'
export { fastapiSessions } from './plugins/sessions/index.js'
export { fastapiCaching, Cached, CacheControl, Cache, type CachingOptions, type ETagOptions, type CachedOptions, type CacheKeyContext, type CacheControlDirectives, type AsJson } from './plugins/caching/index.js'
export { fastapiRateLimit, RateLimit, type RateLimitOptions, type RateLimitSettings, type RateLimitStatus, type RateLimitIdentity, type TimeWindow } from './plugins/rate-limit/index.js'
export * from './plugins/middleware/index.js'
export type * from './src/shared/openapi-types.js'
