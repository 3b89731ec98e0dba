import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { FFA_ERR_OPTION_INVALID } from '../../src/shared/codes.js'
import { checkOptionsObject, describeValue } from '../../src/shared/options.js'
import { addLifespan, type Lifespan } from '../../src/background/lifespan.js'
import { fastapiBackground, type BackgroundOptions } from '../background/index.js'
import { fastapiDepends, type DependsOptions } from '../depends/index.js'
import { fastapiDocs, type DocsOptions } from '../docs/index.js'
import { fastapiErrors, type ErrorsOptions } from '../errors/index.js'
import { fastapiRouting, type RoutingOptions } from '../routing/index.js'
import { fastapiSessions, type SessionsOptions } from '../sessions/index.js'
import { fastapiRateLimit, type RateLimitOptions } from '../rate-limit/index.js'
import { fastapiCaching, type CachingOptions } from '../caching/index.js'
import { fastapiJobs, type JobsOptions } from '../jobs/index.js'
import { fastapiIdempotency, type IdempotencyOptions } from '../idempotency/index.js'
import { fastapiWebhooks, type WebhooksOptions } from '../webhooks/index.js'
import { fastapiWebSockets, type WebSocketsOptions } from '../websockets/index.js'
import {
  fastapiMiddleware, httpMiddleware, RequestIdMiddleware,
  type CORSOptions, type GZipOptions, type HTTPSRedirectOptions, type RequestIdOptions, type SecurityHeadersOptions, type TrustedHostOptions,
} from '../middleware/index.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

/**
 * The preset: every part on by default, but sessions, rate limits, caching, jobs and the middleware,
 * which are off until given their options; `false` switches a part off, an object configures it.
 */
export interface FastAPIOptions {
  /** FastAPI's error shapes (see the errors plugin). */
  errors?: ErrorsOptions | false
  /** Dependency injection: `Depends`, overrides, app-scoped dependencies (see the depends plugin). */
  depends?: DependsOptions | false
  /** Tasks after the response and a graceful shutdown that waits for them (see the background plugin). */
  background?: BackgroundOptions | false
  /** `/openapi.json`, Swagger UI at `/docs` and ReDoc at `/redoc` (see the docs plugin). */
  docs?: DocsOptions | false
  /** `app.api.get/post/...` (see the routing plugin). */
  routing?: RoutingOptions | false
  /** Server-side cookie sessions with CSRF protection (see the sessions plugin): off unless given, as it needs a `secret`. */
  sessions?: SessionsOptions | false
  /**
   * Rate limits (see the rate-limit plugin): off unless given. `{ max: 100, timeWindow: '1 minute' }`
   * limits every route per client; `{}` only stores the counters of the routes' RateLimit dependencies.
   */
  rateLimit?: RateLimitOptions | false
  /**
   * ETags with conditional GETs and the store of `Cached` dependencies (see the caching
   * plugin): off unless given. `{ etag: true }`, `{ redis: 'redis://...' }`, or `{}` for a memory store.
   */
  cache?: CachingOptions | false
  /**
   * Jobs (see the jobs plugin): off unless given. `{ jobs: [exportOrders] }` runs them in
   * process; `{ jobs, bullmq: { redis: 'redis://...' } }` on BullMQ.
   */
  jobs?: JobsOptions | false
  /**
   * The store of `Idempotency` dependencies' keys and answers (see the idempotency plugin):
   * off unless given. `{}` for a memory store, `{ redis: 'redis://...' }` shared by every instance.
   */
  idempotency?: IdempotencyOptions | false
  /**
   * The store of processed webhook events (see the webhooks plugin), for routes with a
   * `webhook` option: in memory by default; `{ redis: 'redis://...' }` shares it between instances.
   */
  webhooks?: WebhooksOptions | false
  /**
   * WebSockets (see the websockets plugin): off unless given. `websockets: {}` brings
   * `app.api.websocket(...)` on @fastify/websocket; `{ redis: 'redis://...' }` shares rooms across instances.
   */
  websockets?: WebSocketsOptions | false
  /** Starlette's `TrustedHostMiddleware`: requests for other hosts get 400 `Invalid host header`. Off unless given. */
  trustedHost?: TrustedHostOptions | false
  /** Starlette's `HTTPSRedirectMiddleware` (`httpsRedirect: {}`): `http` requests are redirected to `https`. Off unless given. */
  httpsRedirect?: HTTPSRedirectOptions | false
  /** Starlette's `CORSMiddleware`, with its options in camelCase (`{ allowOrigins: [...] }`). Off unless given. */
  cors?: CORSOptions | false
  /** Security headers through @fastify/helmet (`securityHeaders: {}` for helmet's defaults); the docs pages keep working. Off unless given. */
  securityHeaders?: SecurityHeadersOptions | false
  /** Starlette's `GZipMiddleware` (`gzip: {}` for its defaults: 500 bytes, level 9). Off unless given. */
  gzip?: GZipOptions | false
  /**
   * Request ids (see `RequestIdMiddleware`): each request's id on every log line of it and in
   * its `X-Request-ID`, and one access line per request. Off unless given (`requestId: {}`).
   */
  requestId?: RequestIdOptions | false
  /** FastAPI's `lifespan`: code before `yield` runs at startup, after it at shutdown. */
  lifespan?: Lifespan
  /**
   * FastAPI's `root_path`: the prefix a proxy serves the app under and strips (`/api/v1`),
   * for the docs and the slash redirect (the errors and docs plugins' own `rootPath` wins).
   */
  rootPath?: string
}

const PLUGIN = 'fastify-fastapi'
const MIDDLEWARE = ['trustedHost', 'httpsRedirect', 'cors', 'securityHeaders', 'gzip'] as const
const PARTS = ['errors', 'depends', 'background', 'docs', 'routing', 'sessions', 'rateLimit', 'cache', 'jobs', 'idempotency', 'webhooks', 'websockets', 'requestId', ...MIDDLEWARE] as const

async function fastapi (app: FastifyInstance, opts: FastAPIOptions): Promise<void> {
  const options = checkOptionsObject(PLUGIN, opts, [...PARTS, 'lifespan', 'rootPath']) as FastAPIOptions
  for (const part of PARTS) {
    const value = options[part]
    if (value !== undefined && value !== false && (typeof value !== 'object' || value === null)) {
      throw new FFA_ERR_OPTION_INVALID(PLUGIN, part, `must be false (to switch it off) or an options object; got ${describeValue(value)}`)
    }
  }
  if (registeredBefore(app, PLUGIN, opts)) return
  // First, so its startup runs before app-scoped dependencies are made and its shutdown
  // after they are closed and background tasks have drained (onClose hooks run last-in, first-out).
  if (options.lifespan !== undefined) addLifespan(app, options.lifespan, PLUGIN)
  // First of the hooks: the request's id goes on the response before any middleware or hook answers.
  if (isOn(options.requestId)) await app.register(RequestIdMiddleware, options.requestId)
  // The middleware before anything else, each off unless given: their hooks then reach every
  // route and plugin registered after them.
  const stack = Object.fromEntries(MIDDLEWARE.filter((part) => isOn(options[part])).map((part) => [part, options[part]]))
  if (Object.keys(stack).length > 0) await app.register(fastapiMiddleware, stack)
  // Checked by each plugin it is given to.
  const rooted = <TOptions extends object>(part: TOptions | undefined): TOptions =>
    ({ ...(options.rootPath === undefined ? {} : { rootPath: options.rootPath }), ...part }) as TOptions
  if (options.errors !== false) await app.register(fastapiErrors, rooted(options.errors))
  if (options.depends !== false) await app.register(fastapiDepends, options.depends ?? {})
  // After depends: at close, tasks drain before the app-scoped resources they use are closed.
  if (options.background !== false) await app.register(fastapiBackground, options.background ?? {})
  // Before any route: the docs see every route registered after them.
  if (options.docs !== false) await app.register(fastapiDocs, rooted(options.docs))
  if (options.routing !== false) await app.register(fastapiRouting, options.routing ?? {})
  // Off by default: a session needs a secret only the app has.
  if (isOn(options.sessions)) await app.register(fastapiSessions, options.sessions)
  // Off by default: an app-wide limit is a number only the app knows.
  if (isOn(options.rateLimit)) await app.register(fastapiRateLimit, options.rateLimit)
  if (isOn(options.cache)) await app.register(fastapiCaching, options.cache)
  // Off by default: job types are the app's. After depends (its resources outlive the jobs'
  // drain at close) and the docs (which document its routes).
  if (isOn(options.jobs)) await app.register(fastapiJobs, options.jobs)
  // Off by default, as the other stores. After depends: it hooks the routes depends wrapped.
  if (isOn(options.idempotency)) await app.register(fastapiIdempotency, options.idempotency)
  // On by default: it only holds the (empty) store until a webhook route uses it.
  if (options.webhooks !== false) await app.register(fastapiWebhooks, options.webhooks ?? {})
  // Off by default: it opens the server to upgrades. After the docs, whose title it borrows.
  if (isOn(options.websockets)) await app.register(fastapiWebSockets, options.websockets)
  // `app.middleware('http', ...)`: it adds no hook until a middleware is added.
  await app.register(httpMiddleware)
}

// A part that is off unless given: an options object switches it on.
function isOn<TOptions> (part: TOptions | false | undefined): part is TOptions {
  return part !== undefined && part !== false
}

/**
 * FastAPI on Fastify in one plugin: errors, dependencies, background tasks, routes and a
 * lifespan, and OpenAPI docs; sessions and Starlette's middleware (CORS, gzip, trusted
 * hosts, HTTPS redirect) and security headers when their options are given.
 *
 * @example
 * const app = Fastify({ logger: true })
 * await app.register(fastapi)
 */
export const fastapiPreset = fp(fastapi, { fastify: '5.x', name: 'fastify-fastapi' })
export { fastapiPreset as fastapi }
export default fastapiPreset
