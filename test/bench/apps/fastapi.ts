// This library, as a user writes it: the preset, FastAPI-style routes, Depends, response models.
import Fastify from 'fastify'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { fastapiMiddleware, RequestIdMiddleware } from 'fastify-fastapi/middleware'
import { fastapiRateLimit } from 'fastify-fastapi/rate-limit'
import { Webhook } from 'fastify-fastapi/webhooks'
import { currentClaims } from './fastapi-jwt.js'
import { currentUser } from './fastapi-user.js'
import { STORED_ITEMS } from './shared-items.js'
import { STACK_ITEMS, STACK_ORIGIN, STACK_RATE_LIMIT } from './shared-stack.js'
import { WEBHOOK_SECRET, WEBHOOK_TOLERANCE } from './shared-webhook.js'

const ItemIn = z.object({ name: z.string().min(1), price: z.number().gt(0), tags: z.array(z.string()).default([]) })
const ItemOut = z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()) })
const PaymentEvent = z.object({
  id: z.string(),
  type: z.string(),
  data: z.object({ object: z.object({ id: z.string(), amount_received: z.int(), currency: z.string(), metadata: z.object({ order_id: z.coerce.number().int() }) }) }),
})
const ListedItem = z.object({ id: z.number().int(), name: z.string(), price: z.number(), tags: z.array(z.string()) })

export async function build () {
  const app = Fastify()
  await app.register(fastapi)
  app.api.get('/hello', () => ({ hello: 'world' }))
  app.api.get('/items/{item_id}', {
    params: z.object({ item_id: z.number().int() }),
    query: z.object({ q: z.string().optional(), skip: z.number().int().min(0).default(0), limit: z.number().int().max(100).default(10) }),
  }, ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null, skip: query.skip, limit: query.limit }))
  app.api.post('/items/', { body: ItemIn, response: ItemOut }, ({ body }) => ({ ...body, secret: 'hidden' }))
  app.api.get('/users/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
  app.api.get('/items-list', { response: z.array(ListedItem) }, () => STORED_ITEMS)
  app.api.post('/login/', { form: z.object({ username: z.string(), password: z.string(), age: z.int() }) }, ({ form }) => ({ username: form.username, age: form.age }))
  app.api.get('/users/me/claims', { deps: { claims: currentClaims }, response: z.object({ sub: z.string() }) }, ({ deps }) => ({ sub: deps.claims.sub }))
  // An HTTP middleware that only sets a header, in its own scope so that the other rows do not pay for it.
  await app.register(async (headed) => {
    headed.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      response.headers.set('X-Content-Type-Options', 'nosniff')
      return response
    })
    headed.api.get('/middleware/hello', () => ({ hello: 'world' }))
  })
  // A signed webhook: no deduplication, as autocannon repeats one event id (see endpoints.ts).
  app.api.post('/webhooks/stripe', {
    webhook: Webhook({ preset: 'stripe', secret: WEBHOOK_SECRET, tolerance: WEBHOOK_TOLERANCE, dedupe: false }),
    body: PaymentEvent,
    response: z.object({ received: z.boolean(), id: z.string(), order_id: z.int() }),
  }, ({ body }) => ({ received: true, id: body.id, order_id: body.data.object.metadata.order_id }))
  // The shop's stack, in its own scope: the plugins the preset's options register, in its order.
  await app.register(async (stack) => {
    // No access line: neither app has a logger, and the hand-written side writes none.
    await stack.register(RequestIdMiddleware, { accessLog: false })
    await stack.register(fastapiMiddleware, {
      cors: { allowOrigins: [STACK_ORIGIN], allowCredentials: true, allowMethods: ['*'], allowHeaders: ['*'] },
      securityHeaders: {},
      gzip: {},
    })
    await stack.register(fastapiRateLimit, STACK_RATE_LIMIT)
    stack.middleware('http', async (request, callNext) => {
      const startTime = performance.now()
      const response = await callNext(request)
      response.headers.set('X-Process-Time', String((performance.now() - startTime) / 1000))
      return response
    })
    stack.api.get('/stack/items', { response: z.array(ListedItem) }, () => STACK_ITEMS)
  })
  return app
}
