import { createClient } from 'fastify-fastapi/client'
import { onTestFinished } from 'vitest'
import { buildApp, type Api } from '../app.js'

/** The app with no logs, closed when the test ends: `app.inject()` asks it without a socket. */
export async function buildTestApp () {
  const app = await buildApp({ logger: false })
  onTestFinished(() => app.close())
  return app
}

/**
 * A typed client of the test app, over `app.inject` (no socket): its calls are checked against
 * the routes (paths, params, bodies) and its answers typed by status.
 */
export async function buildTestClient () {
  return createClient<Api>({ app: await buildTestApp() })
}

/** The seed items, as the API answers them. */
export const FOO = { id: 1, name: 'Foo', description: 'There goes my hero', price: 50.2, tax: null }
export const BAR = { id: 2, name: 'Bar', description: null, price: 62, tax: 20.2 }
