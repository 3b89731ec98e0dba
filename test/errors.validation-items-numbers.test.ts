// pydantic's errors for numeric constraints, as FastAPI's "Path Parameters and Numeric
// Validations" shows them: the bound in the message and in ctx, the value as sent.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

describe('numeric constraints', () => {
  it('refuses a size not below lt with less_than, as FastAPI\'s Query(gt=0, lt=10.5)', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', {
      params: z.object({ item_id: z.int().min(0).max(1000) }),
      query: z.object({ q: z.string(), size: z.number().gt(0).lt(10.5) }),
    }, ({ params, query }) => ({ item_id: params.item_id, ...query }))

    const res = await app.inject('/items/42?q=foo&size=10.5')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'less_than', loc: ['query', 'size'], msg: 'Input should be less than 10.5', input: '10.5', ctx: { lt: 10.5 } }],
    })
    const ok = await app.inject('/items/42?q=foo&size=10.4')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ item_id: 42, q: 'foo', size: 10.4 })
  })

  it('refuses a number that is not a multiple of multiple_of', async () => {
    const app = await buildApp()
    app.api.post('/orders/', { body: z.object({ eggs: z.int().multipleOf(6), weight: z.number().multipleOf(0.5) }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/orders/', payload: { eggs: 10, weight: 1.2 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'multiple_of', loc: ['body', 'eggs'], msg: 'Input should be a multiple of 6', input: 10, ctx: { multiple_of: 6 } },
        { type: 'multiple_of', loc: ['body', 'weight'], msg: 'Input should be a multiple of 0.5', input: 1.2, ctx: { multiple_of: 0.5 } },
      ],
    })
  })
})
