// pydantic's errors for collections and other types that are not JSON's own (tuples, sets,
// dicts held in a Map, datetimes, None), reached from zod's schemas for them.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ResponseValidationError } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// The items of a response that does not fit its model, as FastAPI's ResponseValidationError
// carries them (`exc.errors()` in an exception handler).
async function responseErrorsApp () {
  const app = await buildApp()
  app.exceptionHandler(ResponseValidationError, (error, request, reply) => reply.code(500).send({ errors: error.errors }))
  return app
}

describe('collection and other non-JSON types', () => {
  it('refuses a value of the wrong type for a tuple, a set, a Map, a Date and null with pydantic\'s *_type errors', async () => {
    const app = await buildApp()
    app.api.post('/events/', {
      body: z.object({
        point: z.tuple([z.number(), z.number()]),
        tags: z.set(z.string()),
        sizes: z.map(z.string(), z.int()),
        at: z.date(),
        deleted: z.null(),
      }),
    }, () => ({}))

    const res = await app.inject({ method: 'POST', url: '/events/', payload: { point: 'origin', tags: 'a,b', sizes: 'large', at: true, deleted: 'no' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'tuple_type', loc: ['body', 'point'], msg: 'Input should be a valid tuple', input: 'origin' },
        { type: 'set_type', loc: ['body', 'tags'], msg: 'Input should be a valid set', input: 'a,b' },
        { type: 'dict_type', loc: ['body', 'sizes'], msg: 'Input should be a valid dictionary', input: 'large' },
        { type: 'datetime_type', loc: ['body', 'at'], msg: 'Input should be a valid datetime', input: true },
        { type: 'none_required', loc: ['body', 'deleted'], msg: 'Input should be None', input: 'no' },
      ],
    })
  })

  it('counts the items of a list too short or too long, and calls it a List', async () => {
    const app = await buildApp()
    app.api.post('/teams/', { body: z.object({ members: z.array(z.string()).min(2), coaches: z.array(z.string()).max(1) }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/teams/', payload: { members: ['rick'], coaches: ['a', 'b', 'c'] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'too_short', loc: ['body', 'members'], msg: 'List should have at least 2 items after validation, not 1', input: ['rick'],
          ctx: { field_type: 'List', min_length: 2, actual_length: 1 },
        },
        {
          type: 'too_long', loc: ['body', 'coaches'], msg: 'List should have at most 1 item after validation, not 3', input: ['a', 'b', 'c'],
          ctx: { field_type: 'List', max_length: 1, actual_length: 3 },
        },
      ],
    })
  })

  it('counts the items of a returned set too small or too large for its response model, and calls it a Set', async () => {
    const app = await responseErrorsApp()
    const Team = z.object({ members: z.set(z.string()).min(2), coaches: z.set(z.string()).max(1) })
    app.api.get('/teams/1', { response: Team }, () => ({ members: new Set(['rick']), coaches: new Set(['a', 'b', 'c']) }))

    const res = await app.inject('/teams/1')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({
      errors: [
        {
          type: 'too_short', loc: ['response', 'members'], msg: 'Set should have at least 2 items after validation, not 1', input: {},
          ctx: { field_type: 'Set', min_length: 2, actual_length: 1 },
        },
        {
          type: 'too_long', loc: ['response', 'coaches'], msg: 'Set should have at most 1 item after validation, not 3', input: {},
          ctx: { field_type: 'Set', max_length: 1, actual_length: 3 },
        },
      ],
    })
  })

  it('reports a bad value of a returned Map keyed by objects under the Map\'s loc', async () => {
    // zod locates a Map's entry by its key only when the key can be a property name.
    const app = await responseErrorsApp()
    const Prices = z.object({ prices: z.map(z.object({ sku: z.string() }), z.number()) })
    app.api.get('/prices/', { response: Prices }, () => ({ prices: new Map([[{ sku: 'A-1' }, 'cheap']]) }) as never)

    const res = await app.inject('/prices/')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({
      errors: [{ type: 'float_type', loc: ['response', 'prices'], msg: 'Input should be a valid number', input: {} }],
    })
  })
})
