import { onTestFinished } from 'vitest'
import { buildApp } from '../app.js'

/** The app with no logs, closed when the test ends: `app.inject()` asks it without a socket. */
export async function buildTestApp () {
  const app = await buildApp({ logger: false })
  onTestFinished(() => app.close())
  return app
}

/** The seed items, as the API answers them. */
export const FOO = { id: 1, name: 'Foo', description: 'There goes my hero', price: 50.2, tax: null }
export const BAR = { id: 2, name: 'Bar', description: null, price: 62, tax: 20.2 }
