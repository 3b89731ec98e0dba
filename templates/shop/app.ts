import Fastify, { type FastifyServerOptions } from 'fastify'
import path from 'node:path'
import { fastapi, fastapiServerOptions, LocalFolderStorage, versioned, type FileStorage } from 'fastify-fastapi'
import { currentActiveUser } from './dependencies.js'
import { OutOfStockError, outOfStockHandler } from './exceptions.js'
import { addProcessTimeHeader } from './middleware/process-time.js'
import { itemImagesRouter } from './routers/item-images.js'
import { getRefreshTokens, refreshTokensIn } from './security.js'
import { authRouter, type LoginLimit } from './routers/auth.js'
import { router as itemsRouter } from './routers/items.js'
import { router as itemsV2Router } from './routers/items-v2.js'
import { router as ordersRouter } from './routers/orders.js'
import { exportOrders, router as reportsRouter } from './routers/reports.js'
import { paymentsRouter } from './routers/payments.js'
import { ordersLiveRouter } from './routers/orders-live.js'
import { router as usersRouter } from './routers/users.js'
import { clientOperationId } from './utils/operation-ids.js'

export interface AppOptions {
  /** Fastify's logger: pino JSON lines on stdout by default; `false` in tests. */
  logger?: FastifyServerOptions['logger']
  /**
   * Where the items' images are kept: a FileStorage (an object store in production, see the
   * README), by default a folder, `dataDir`/images.
   */
  imageStorage?: FileStorage
  /** The folder of the default storage: `SHOP_DATA_DIR`, else `./data`. */
  dataDir?: string
  /** Logins a username may try per window: 5 per minute by default. */
  loginLimit?: LoginLimit
  /**
   * Where the login limits are counted, the orders' Idempotency-Keys kept and the jobs (the
   * orders export) queued: `SHOP_REDIS_URL` (shared by every instance of the shop; the jobs on
   * BullMQ), else this process's memory.
   */
  redisUrl?: string
  /**
   * Whether this process runs the jobs (default yes). `SHOP_JOB_WORKERS=false` makes an API
   * that only enqueues, its jobs run by `npm run worker` processes: BullMQ only (SHOP_REDIS_URL).
   */
  jobWorkers?: boolean
  /**
   * The front ends allowed to call the API from a browser (CORS): `SHOP_CORS_ORIGINS`, comma
   * separated, else the Vite dev server, `http://localhost:5173`.
   */
  corsOrigins?: string[]
  /**
   * The payment provider's webhook signing secret(s) (`POST /webhooks/payments`):
   * `SHOP_WEBHOOK_SECRET` (comma separated while one rotates), else a development secret
   * (routers/payments.ts's DEV_WEBHOOK_SECRET).
   */
  webhookSecret?: string
}

function jobWorkersFromEnv (): boolean {
  const value = process.env.SHOP_JOB_WORKERS?.trim().toLowerCase()
  return value !== 'false' && value !== '0'
}

function corsOriginsFromEnv (): string[] {
  const listed = process.env.SHOP_CORS_ORIGINS
  if (listed === undefined || listed.trim() === '') return ['http://localhost:5173']
  return listed.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '')
}

/**
 * The shop, ready to `listen` or to `inject` into (FastAPI's `app = FastAPI()` plus
 * `include_router` calls). A function, so every test builds its own app; each app creates its
 * own store at startup (`getStore`), and a test swaps it with `app.dependencyOverrides`.
 */
export async function buildApp (options: AppOptions = {}) {
  const { logger = true } = options
  const dataDir = options.dataDir ?? process.env.SHOP_DATA_DIR ?? 'data'
  const images = options.imageStorage ?? new LocalFolderStorage({ root: path.join(dataDir, 'images') })
  // `/items` redirects to `/items/` (307) as in FastAPI: the errors plugin's not-found handler does it.
  // fastapiServerOptions(): errors raised before a route runs (a malformed URL, Node's 400, 408
  // and 431) answer in the error format, and slow or idle connections are closed (see the README);
  // accessLog: one line per request (the request id plugin's) in place of Fastify's two.
  // pluginTimeout: the app-scoped dependencies start in onReady, and PGlite's first start
  // (initdb, then the migrations) can take longer than Fastify's default 10 s on a busy machine.
  const app = Fastify({ ...fastapiServerOptions({ logger, accessLog: true }), pluginTimeout: 120_000 })

  // FastAPI(title=..., version=..., openapi_tags=...): what /docs, /redoc and /openapi.json show.
  const redisUrl = options.redisUrl ?? process.env.SHOP_REDIS_URL
  // The middleware, FastAPI's `app.add_middleware(...)` calls: CORS for the front end as in
  // FastAPI's CORS tutorial (it sends the token in Authorization), gzip, and security headers
  // (helmet's, under which /docs and /redoc still work).
  await app.register(fastapi, {
    cors: { allowOrigins: options.corsOrigins ?? corsOriginsFromEnv(), allowCredentials: true, allowMethods: ['*'], allowHeaders: ['*'] },
    gzip: {},
    securityHeaders: {},
    // RateLimit dependencies (the login's) count here; no app-wide limit.
    rateLimit: redisUrl === undefined ? {} : { redis: redisUrl },
    // The orders' Idempotency-Keys and first answers: a retried order places one order.
    idempotency: redisUrl === undefined ? {} : { redis: redisUrl },
    // ETags on every GET: the catalogue's revalidations are answered 304 when nothing changed.
    cache: { etag: true },
    // The orders export (routers/reports.ts), in this process or on BullMQ in Redis, where any
    // number of shop processes (`npm start`, `npm run worker`) share it. `GET /jobs/{job_id}`
    // (its status, progress and result), its cancel and its events ask for a logged-in user.
    jobs: {
      jobs: [exportOrders],
      ...(redisUrl === undefined ? {} : { bullmq: { redis: redisUrl } }),
      workers: options.jobWorkers ?? jobWorkersFromEnv(),
      routes: { dependencies: [currentActiveUser] },
    },
    // The payment webhook's processed events: shared through Redis by every instance when there is one.
    webhooks: redisUrl === undefined ? {} : { redis: redisUrl },
    // Each request's id (a UUID) on each of its log lines and in its X-Request-ID. Behind a
    // proxy that sets X-Request-ID, add `trustHeader: true` to keep the proxy's.
    requestId: {},
    // `/orders/live`; its rooms shared by every instance through Redis when there is one.
    websockets: redisUrl === undefined ? {} : { redis: redisUrl },
    docs: {
      title: 'Shop',
      version: '1.0.0',
      summary: 'The fastify-fastapi flagship app',
      // `items-read_one_item`, not `items__item_id__get`: what a generated client names its methods by.
      generateUniqueIdFunction: clientOperationId,
      description: 'A small shop: items (in two API versions), users, their orders and exports of them. Use **Authorize** to log in (johndoe / correct horse is staff) and try the routes behind a lock.',
      openapiTags: [
        { name: 'auth', description: 'Log in (OAuth2 password flow), refresh, log out.' },
        { name: 'items', description: 'The catalogue.' },
        { name: 'users', description: 'Sign-up and the current user.' },
        { name: 'orders', description: 'Orders of the current user; placing one takes the stock.' },
        { name: 'reports', description: 'Exports of the current user\'s orders, made in the background.' },
        { name: 'jobs', description: 'Work started by a request (an export): its status, progress and result.' },
        { name: 'payments', description: 'The payment provider\'s webhook: a payment marks its order paid.' },
      ],
    },
  })
  // @app.middleware("http")
  app.middleware('http', addProcessTimeHeader)
  app.exceptionHandler(OutOfStockError, outOfStockHandler)

  // Before the routers: a hook reaches the routes registered after it.
  await app.register(authRouter(options.loginLimit))
  await app.register(itemsRouter)
  await app.register(itemImagesRouter(images))
  await app.register(usersRouter)
  await app.register(ordersRouter)
  await app.register(reportsRouter)
  await app.register(paymentsRouter(options.webhookSecret))
  await app.register(ordersLiveRouter)

  // Items in two versions. v1 is the router of `/items` above, mounted again (its price a number),
  // deprecated: its answers say so in headers, and it keeps serving after the sunset (no
  // `goneAfterSunset`). v2 prices in `{ amount, currency }`.
  await app.register(versioned({
    v1: { routers: [itemsRouter], deprecated: { since: '2026-06-01', sunset: '2027-06-01', successor: 'v2' } },
    v2: [itemsV2Router],
  }))

  app.api.get('/', { summary: 'Root' }, () => ({ message: 'Hello Bigger Applications!' }))

  // The refresh tokens in the same Redis as the rest when it was given here rather than in
  // SHOP_REDIS_URL: else each instance would keep its own, and miss a token reused on another.
  if (options.redisUrl !== undefined) app.dependencyOverrides.set(getRefreshTokens, refreshTokensIn(options.redisUrl))

  return app
}
