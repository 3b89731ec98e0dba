import Fastify, { type FastifyServerOptions } from 'fastify'
import { fastapi } from 'fastify-fastapi'
import { OutOfStockError, outOfStockHandler } from './exceptions.js'
import { processTimeMiddleware } from './middleware/process-time.js'
import { router as itemsRouter } from './routers/items.js'
import { router as ordersRouter } from './routers/orders.js'
import { router as usersRouter } from './routers/users.js'

export interface AppOptions {
  /** Fastify's logger: pino JSON lines on stdout by default; `false` in tests. */
  logger?: FastifyServerOptions['logger']
}

/**
 * The shop, ready to `listen` or to `inject` into (FastAPI's `app = FastAPI()` plus
 * `include_router` calls). A function, so every test builds its own app; each app creates its
 * own store at startup (`getStore`), and a test swaps it with `app.dependencyOverrides`.
 */
export async function buildApp (options: AppOptions = {}) {
  const { logger = true } = options
  // `/items` redirects to `/items/` (307) as in FastAPI: the errors plugin's not-found handler does it.
  const app = Fastify({ logger })

  await app.register(fastapi)
  await app.register(processTimeMiddleware)
  app.exceptionHandler(OutOfStockError, outOfStockHandler)

  await app.register(itemsRouter)
  await app.register(usersRouter)
  await app.register(ordersRouter)

  app.api.get('/', { summary: 'Root' }, () => ({ message: 'Hello Bigger Applications!' }))

  return app
}
