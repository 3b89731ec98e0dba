// The README's quick start, as written there: FastAPI's first example, ported.
import Fastify from 'fastify'
import { expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'

async function quickstart () {
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapi)

  app.api.get('/', () => ({ Hello: 'World' }))

  app.api.get('/items/{item_id}', {
    params: z.object({ item_id: z.number().int() }),
    query: z.object({ q: z.string().nullable().default(null) }),
  }, ({ params, query }) => ({ item_id: params.item_id, q: query.q }))
  return app
}

it('answers the root', async () => {
  const app = await quickstart()
  expect((await app.inject('/')).json()).toEqual({ Hello: 'World' })
})

it('reads and coerces the path param and the optional query param', async () => {
  const app = await quickstart()
  expect((await app.inject('/items/5?q=somequery')).json()).toEqual({ item_id: 5, q: 'somequery' })
  expect((await app.inject('/items/5')).json()).toEqual({ item_id: 5, q: null })
})

it("answers a bad path param with FastAPI's 422, word for word", async () => {
  const app = await quickstart()
  const res = await app.inject('/items/foo')
  expect(res.statusCode, res.body).toBe(422)
  expect(res.body).toBe('{"detail":[{"type":"int_parsing","loc":["path","item_id"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"foo"}]}')
})
