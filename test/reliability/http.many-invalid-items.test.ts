import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from '../helpers/app.js'

function post (payload: string) {
  return { method: 'POST' as const, url: '/prices/', headers: { 'content-type': 'application/json' }, payload }
}

const cut = (limit: number) => ({
  type: 'too_many_errors', loc: [], msg: `Too many errors: the first ${limit} are listed, the others were cut`, input: null, ctx: { limit },
})

describe('A body of many invalid items', () => {
  it('lists the first validationErrorLimit errors and says that the others were cut', async () => {
    const app = await buildApp({ errors: { validationErrorLimit: 2 } })
    app.api.post('/prices/', { body: z.object({ values: z.array(z.number()) }) }, ({ body }) => body)

    const res = await app.inject(post(JSON.stringify({ values: ['a', 'b', 'c', 'd'] })))
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'float_parsing', loc: ['body', 'values', 0], msg: 'Input should be a valid number, unable to parse string as a number', input: 'a' },
        { type: 'float_parsing', loc: ['body', 'values', 1], msg: 'Input should be a valid number, unable to parse string as a number', input: 'b' },
        cut(2),
      ],
    })
  })

  it('lists every error, with no cut item, when there are no more than the limit', async () => {
    const app = await buildApp({ errors: { validationErrorLimit: 2 } })
    app.api.post('/prices/', { body: z.object({ values: z.array(z.string()) }) }, ({ body }) => body)

    const res = await app.inject(post(JSON.stringify({ values: [1, 2] })))
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'values', 0], msg: 'Input should be a valid string', input: 1 },
        { type: 'string_type', loc: ['body', 'values', 1], msg: 'Input should be a valid string', input: 2 },
      ],
    })
  })

  it('cuts the errors zod finds too, and those of the query', async () => {
    const app = await buildApp({ errors: { validationErrorLimit: 3 } })
    app.api.post('/prices/', {
      query: z.object({ tag: z.array(z.enum(['a', 'b'])) }),
      body: z.object({ values: z.array(z.string()) }),
    }, ({ body }) => body)

    const res = await app.inject({ ...post(JSON.stringify({ values: [1, 2, 3, 4] })), url: '/prices/?tag=x&tag=y&tag=z&tag=w' })
    expect(res.statusCode, res.body).toBe(422)
    const detail = res.json().detail as Array<{ loc: unknown[] }>
    expect(detail.map((item) => item.loc)).toEqual([['query', 'tag', 0], ['query', 'tag', 1], ['query', 'tag', 2], []])
    expect(detail.at(-1)).toEqual(cut(3))
  })

  it('answers a 1 MB body of 260,000 invalid items with 1,000 items and the cut, not 37 MB', async () => {
    const app = await buildApp()
    app.api.post('/prices/', { body: z.object({ values: z.array(z.number()) }) }, ({ body }) => body)

    const res = await app.inject(post(`{"values":[${Array(260_000).fill('"a"').join(',')}]}`))
    expect(res.statusCode, res.body.slice(0, 200)).toBe(422)
    const detail = res.json().detail as unknown[]
    expect(detail).toHaveLength(1001)
    expect(detail.at(-1)).toEqual(cut(1000))
    expect(res.body.length).toBeLessThan(200_000)
  })

  it('refuses a validationErrorLimit that is not a positive integer at registration', async () => {
    await expect(buildApp({ errors: { validationErrorLimit: 1.5 } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi/errors: option 'validationErrorLimit' must be an integer of at least 1, such as 1000 (items in one validation error answer); got number 1.5",
    })
  })
})

describe('Many invalid items on routes validated by fastify-type-provider-zod', () => {
  it('are cut at validationErrorLimit as on the library\'s own routes', async () => {
    const app = await buildApp({ errors: { validationErrorLimit: 2 } })
    app.setValidatorCompiler(validatorCompiler)
    app.setSerializerCompiler(serializerCompiler)
    app.withTypeProvider<ZodTypeProvider>().post('/prices/', { schema: { body: z.object({ values: z.array(z.int()) }) } }, async (request) => request.body)

    const res = await app.inject(post(JSON.stringify({ values: Array.from({ length: 5000 }, () => 'x') })))
    expect(res.statusCode, res.body).toBe(422)
    const { detail } = res.json() as { detail: Array<{ type: string, loc: unknown[] }> }
    expect(detail).toHaveLength(3)
    expect(detail[0]?.loc).toEqual(['body', 'values', 0])
    expect(detail[2]).toEqual(cut(2))
  })
})
