// What Fastify + zod users write today: fastify-type-provider-zod, a preHandler for the chain.
import Fastify, { type FastifyRequest } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { fastapiStyleErrors } from './fastify-422.js'
import { STORED_ITEMS } from './shared-items.js'
import { authenticate, type User } from './shared-users.js'

const ItemIn = z.object({ name: z.string().min(1), price: z.number().gt(0), tags: z.array(z.string()).default([]) })
const ItemOut = z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()) })
const ListedItem = z.object({ id: z.number().int(), name: z.string(), price: z.number(), tags: z.array(z.string()) })

export async function build () {
  const app = Fastify().withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(fastapiStyleErrors)
  app.decorateRequest('user', null)
  app.get('/hello', async () => ({ hello: 'world' }))
  app.get('/items/:item_id', {
    schema: {
      params: z.object({ item_id: z.coerce.number().int() }),
      querystring: z.object({ q: z.string().optional(), skip: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().max(100).default(10) }),
    },
  }, async (request) => ({ item_id: request.params.item_id, q: request.query.q ?? null, skip: request.query.skip, limit: request.query.limit }))
  app.post('/items/', { schema: { body: ItemIn, response: { 200: ItemOut } } }, async (request) => ({ ...request.body, secret: 'hidden' }))
  app.get('/users/me', {
    preHandler: authenticate,
  }, async (request) => (request as FastifyRequest & { user?: User | null }).user)
  app.get('/items-list', { schema: { response: { 200: z.array(ListedItem) } } }, async () => STORED_ITEMS)
  return app
}
