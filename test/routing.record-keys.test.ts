import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

// FastAPI's "Body - Nested Models" tutorial, bodies of arbitrary dicts:
//   @app.post("/index-weights/")
//   async def create_index_weights(weights: dict[int, float]):
//       return weights
async function weightsApp () {
  const app = await buildApp()
  app.api.post('/index-weights/', { body: z.record(z.int(), z.number()) }, function create_index_weights ({ body }) { return body })
  return app
}

describe('a record body (dict[int, float])', () => {
  it('reads int keys sent as JSON strings', async () => {
    const app = await weightsApp()

    const res = await app.inject({ method: 'POST', url: '/index-weights/', payload: { 2: 2.2, 3: 3.3 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ 2: 2.2, 3: 3.3 })
  })

  it('reports a key that is not an int on the key, with the key as the input', async () => {
    const app = await weightsApp()

    const res = await app.inject({ method: 'POST', url: '/index-weights/', payload: { foo: 2.2, 3: 3.3 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'int_parsing',
        loc: ['body', 'foo', '[key]'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'foo',
      }],
    })
  })

  it('reports a float key of dict[float, float] as float_parsing on the key', async () => {
    const app = await buildApp()
    app.api.post('/weights/', { body: z.record(z.number(), z.number()) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/weights/', payload: { 1.5: 1, foo: 2 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'float_parsing',
        loc: ['body', 'foo', '[key]'],
        msg: 'Input should be a valid number, unable to parse string as a number',
        input: 'foo',
      }],
    })
  })

  it('checks the keys of a dict[int, str], whose values need no coercion', async () => {
    const app = await buildApp()
    app.api.post('/names/', { body: z.record(z.int(), z.string()) }, ({ body }) => body)

    const ok = await app.inject({ method: 'POST', url: '/names/', payload: { 1: 'one' } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ 1: 'one' })

    const res = await app.inject({ method: 'POST', url: '/names/', payload: { 1: 'one', two: 'two' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'two', '[key]'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'two' }],
    })
  })
})
