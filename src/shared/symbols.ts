// Private state shared between modules, keyed by symbols so it never collides with a user's.

/** On a route's `config`: what this package compiled for it (see RouteDescription). */
export const kRouteDescription = Symbol('fastify-fastapi.route')
/** On a Fastify instance: the errors plugin's state. */
export const kErrorsState = Symbol('fastify-fastapi.errors')
/** On a Fastify instance: the depends plugin's state (overrides, app scope). */
export const kDependsState = Symbol('fastify-fastapi.depends')
/** On a Fastify instance: the background plugin's state (its task runner). */
export const kBackgroundState = Symbol('fastify-fastapi.background')
/** On a request: its BackgroundTasks, once something added one. */
export const kBackgroundTasks = Symbol('fastify-fastapi.background-tasks')
/** On a Fastify instance: the docs plugin's registry (routes, versions, documents). */
export const kDocsState = Symbol('fastify-fastapi.docs')
/** On a route's `config`: a docs page or document, which a retired API version still serves. */
export const kDocsRoute = Symbol('fastify-fastapi.docs-route')
/** On a Fastify instance: the routing plugin's app-wide settings. */
export const kRoutingState = Symbol('fastify-fastapi.routing')
/** On a Fastify instance: set once a plugin of ours refuses `deps` where the depends plugin is missing. */
export const kDependsGuard = Symbol('fastify-fastapi.depends-guard')
/** On a plain Fastify route's `config`: the handler the depends plugin wrapped, and its dependency plan (for the docs). */
export const kPlainDependencies = Symbol('fastify-fastapi.plain-dependencies')
/** On a request: a plain route's query, params and body as the client sent them, before its schema's validator replaced them. */
export const kSentInputs = Symbol('fastify-fastapi.sent-inputs')
/** On a socket: its request timed out and a 408 was written, so its abort is not news. */
export const kTimedOut = Symbol('fastify-fastapi.timed-out')
/** On a request of a plain Fastify route with `deps`: that declaration, which `depsOf` checks against. */
export const kDeclaredDeps = Symbol('fastify-fastapi.declared-deps')
/** On a dependency's definition: its check of the request that runs before the body is read (a security scheme's). */
export const kEarlyCheck = Symbol('fastify-fastapi.early-check')
/** On a dependency's definition: its check of each route that uses it, at registration (see RouteCheck). */
export const kRouteCheck = Symbol('fastify-fastapi.route-check')
/** On a Fastify instance: the idempotency plugin's state (its store). */
export const kIdempotencyState = Symbol('fastify-fastapi.idempotency')
/** On a request: its Idempotency-Key's claim in the store, while its first answer is awaited. */
export const kIdempotencyClaim = Symbol('fastify-fastapi.idempotency-claim')
/** On a Fastify instance: the sessions plugin's state (store, signer, CSRF tokens). */
export const kSessionsState = Symbol('fastify-fastapi.sessions')
/** On a request: the promise of its session, once something asked for it (sessions load lazily). */
export const kSessionLoad = Symbol('fastify-fastapi.session-load')
/** On a Fastify instance: the rate-limit plugin's state (its limiters, by RateLimit dependency). */
export const kRateLimitState = Symbol('fastify-fastapi.rate-limit')
/** On a request: the key a RateLimit dependency counts it under, read by @fastify/rate-limit's keyGenerator. */
export const kRateLimitKey = Symbol('fastify-fastapi.rate-limit-key')
/** On a Fastify instance: the caching plugin's state (its store). */
export const kCachingState = Symbol('fastify-fastapi.caching')
/** On a Fastify instance: the HTTP middleware (`app.middleware('http', ...)`) added in its scope. */
export const kHttpMiddlewareStack = Symbol('fastify-fastapi.http-middleware-stack')
/** On a request: its run through the HTTP middleware, while one runs. */
export const kHttpMiddlewareRun = Symbol('fastify-fastapi.http-middleware-run')
/** On a request: its unit of work (a transaction), once one began (see UnitOfWork). */
export const kUnitOfWork = Symbol('fastify-fastapi.unit-of-work')
/** On a Fastify instance: the jobs plugin's state (its queue, backend, job types). */
export const kJobsState = Symbol('fastify-fastapi.jobs')
/** On a request: the work it holds until it succeeds (the jobs it enqueued), released just before its answer. */
export const kHeldUntilAnswer = Symbol('fastify-fastapi.held-until-answer')
/** On a Fastify instance: the webhooks plugin's state (its event store, TTLs). */
export const kWebhooksState = Symbol('fastify-fastapi.webhooks')
/** On a request of a webhook route: its verified delivery (id, timestamp, raw body). */
export const kWebhookDelivery = Symbol('fastify-fastapi.webhook-delivery')
/** On a request of a webhook route: its claim on the event, until the answer is recorded or the claim released. */
export const kWebhookClaim = Symbol('fastify-fastapi.webhook-claim')
/** The websockets plugin's state (its hub of live sockets, its limits), on the instance it was registered on. */
export const kWebSocketsState = Symbol('fastify-fastapi.websockets')
