// What Fastify + zod users write today: fastify-type-provider-zod.
import Fastify from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'

const ItemIn = z.object({ name: z.string().min(1), price: z.number().gt(0), tags: z.array(z.string()).default([]) })
const ItemOut = z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()) })

export async function build () {
  const app = Fastify().withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.get('/hello', async () => ({ hello: 'world' }))
  app.get('/items/:item_id', {
    schema: {
      params: z.object({ item_id: z.coerce.number().int() }),
      querystring: z.object({ q: z.string().optional(), skip: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().max(100).default(10) }),
    },
  }, async (request) => ({ item_id: request.params.item_id, q: request.query.q ?? null, skip: request.query.skip, limit: request.query.limit }))
  app.post('/items/', { schema: { body: ItemIn, response: { 200: ItemOut } } }, async (request) => ({ ...request.body, secret: 'hidden' }))
  return app
}
