// The 422 items of routes validated by fastify-type-provider-zod: the route's zod schema is
// run again on the value as sent, as a zod route reads it; when the schema is not where
// Fastify keeps it (a body declared per content type), each error is read by itself.
import Fastify from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapiErrors } from 'fastify-fastapi'

async function typeProviderApp () {
  const app = Fastify()
  onTestFinished(() => app.close())
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  await app.register(fastapiErrors)
  return app.withTypeProvider<ZodTypeProvider>()
}

const ItemIn = z.object({ name: z.string(), price: z.number().gt(0), tags: z.array(z.string()).default([]) })

describe('validation errors of fastify-type-provider-zod routes, part by part', () => {
  it('reads a query error with the query\'s own schema: an int is an int, not a number', async () => {
    const app = await typeProviderApp()
    app.get('/items/', { schema: { querystring: z.object({ limit: z.int().optional() }) } }, async (request) => request.query)

    const res = await app.inject('/items/?limit=ten')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['query', 'limit'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'ten' }],
    })
  })

  it('reads each error by itself when the body is declared per content type, the body as a missing field\'s input', async () => {
    const app = await typeProviderApp()
    app.post('/items/', { schema: { body: { content: { 'application/json': { schema: ItemIn } } } } }, async (request) => request.body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { price: -1, tags: ['a', 'b'] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { price: -1, tags: ['a', 'b'] } },
        { type: 'greater_than', loc: ['body', 'price'], msg: 'Input should be greater than 0', input: -1, ctx: { gt: 0 } },
      ],
    })
    const ok = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', price: 1 } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ name: 'Foo', price: 1, tags: [] })
  })
})
