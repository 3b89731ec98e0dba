// fastify-fastapi: the core and every plugin. Each plugin also has its own entry
// ('fastify-fastapi/errors', 'fastify-fastapi/depends', 'fastify-fastapi/background',
// 'fastify-fastapi/routing', 'fastify-fastapi/docs', 'fastify-fastapi/sessions', 'fastify-fastapi/rate-limit',
// 'fastify-fastapi/caching', 'fastify-fastapi/middleware', 'fastify-fastapi/jobs', 'fastify-fastapi/idempotency', 'fastify-fastapi/webhooks',
// 'fastify-fastapi/fastapi').
export * from './src/index.js'
export { fastapi, fastapiPreset, type FastAPIOptions } from './plugins/fastapi/index.js'
export { fastapiErrors } from './plugins/errors/index.js'
export { fastapiDepends, depsOf, type DependsOptions } from './plugins/depends/index.js'
export { fastapiRouting, type RoutingOptions } from './plugins/routing/index.js'
export { fastapiBackground, type BackgroundOptions } from './plugins/background/index.js'
export { fastapiDocs, generateUniqueId, type DocsOptions } from './plugins/docs/index.js'
export { fastapiSessions } from './plugins/sessions/index.js'
export { fastapiCaching, Cached, CacheControl, Cache, type CachingOptions, type ETagOptions, type CachedOptions, type CacheKeyContext, type CacheControlDirectives, type AsJson } from './plugins/caching/index.js'
export { fastapiRateLimit, RateLimit, type RateLimitOptions, type RateLimitSettings, type RateLimitStatus, type RateLimitIdentity, type TimeWindow } from './plugins/rate-limit/index.js'
export { fastapiIdempotency, Idempotency, type IdempotencyOptions, type IdempotencySettings, type IdempotencyScope, type IdempotencyIdentity, type IdempotencyKeyValue } from './plugins/idempotency/index.js'
export * from './plugins/middleware/index.js'
export {
  fastapiJobs, defineJob, JobType, Jobs, RequestJobs, JobQueue, JobQueueUnavailableError, jobAccepted, JobAcceptedModel, JobTimeoutError, CpuPool, CpuTaskError, UnitOfWork, beginUnitOfWork,
  type JobOptions, type JobContext, type JobHandler, type Backoff, type PayloadInput, type JobResult, type EnqueueOptions, type JobRoutesOptions, type JobInfo, type JobStatus,
  type JobProgress, type JobAccepted, type JobsOptions, type BullMQOptions, type Retention, type CpuPoolOptions, type CpuTask,
} from './plugins/jobs/index.js'
export {
  fastapiWebhooks, Webhook, WebhookReceiver, webhookOf, WebhookDelivery, MemoryEventStore,
  type WebhooksOptions, type WebhookOptions, type WebhookSecret, type StripeWebhookOptions, type GitHubWebhookOptions, type StandardWebhookOptions,
  type HmacWebhookOptions, type EventIdSource, type WebhookEventStore, type StoredAnswer, type Claim,
} from './plugins/webhooks/index.js'
export type * from './src/shared/openapi-types.js'
