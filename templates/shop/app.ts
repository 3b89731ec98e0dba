import Fastify, { type FastifyServerOptions } from 'fastify'
import { fastapi } from 'fastify-fastapi'
import { createDatabase, type Database } from './database.js'
import { OutOfStockError, outOfStockHandler } from './exceptions.js'
import { processTimeMiddleware } from './middleware/process-time.js'
import { createItemsRouter } from './routers/items.js'
import { createOrdersRouter } from './routers/orders.js'
import { createUsersRouter } from './routers/users.js'

export interface AppOptions {
  /** Fastify's logger: pino JSON lines on stdout by default; `false` in tests. */
  logger?: FastifyServerOptions['logger']
  /** The store to serve; a fresh seeded one by default. */
  db?: Database
}

/**
 * The shop, ready to `listen` or to `inject` into (FastAPI's `app = FastAPI()` plus
 * `include_router` calls). A function, so every test builds its own app and store.
 */
export async function buildApp (options: AppOptions = {}) {
  const { logger = true, db = createDatabase() } = options
  // `/items` redirects to `/items/` (307) as in FastAPI: the errors plugin's not-found handler does it.
  const app = Fastify({ logger })

  await app.register(fastapi)
  await app.register(processTimeMiddleware)
  app.exceptionHandler(OutOfStockError, outOfStockHandler)

  await app.register(createItemsRouter(db))
  await app.register(createUsersRouter(db))
  await app.register(createOrdersRouter(db))

  app.api.get('/', { summary: 'Root' }, () => ({ message: 'Hello Bigger Applications!' }))

  return app
}
