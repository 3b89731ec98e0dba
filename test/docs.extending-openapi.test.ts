// FastAPI's "Extending OpenAPI": the document is built once, at its first use (`app.openapi()`),
// and can be changed then: in an onReady hook, before the first request.
import { expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'

it('serves what an onReady hook adds to app.openapi(), as the README shows', async () => {
  const app = await buildApp({ docs: { title: 'Custom title', version: '2.5.0' } })
  app.api.get('/items/', async function read_items () { return [{ name: 'Foo' }] })
  app.addHook('onReady', async () => {
    app.openapi().info['x-logo'] = { url: 'https://fastapi.tiangolo.com/img/logo-margin/logo-teal.png' }
  })
  const document = (await app.inject('/openapi.json')).json()
  expect(document.info).toEqual({ title: 'Custom title', version: '2.5.0', 'x-logo': { url: 'https://fastapi.tiangolo.com/img/logo-margin/logo-teal.png' } })
})
