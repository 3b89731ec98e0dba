// Fastify's ceiling, and the baseline of every ratio: hand-written JSON Schema (Ajv
// validation, fast-json-stringify responses), a preHandler for the dependency chain.
import { createHmac, timingSafeEqual } from 'node:crypto'
import Fastify, { type FastifyRequest } from 'fastify'
import secureJson from 'secure-json-parse'
import formbody from '@fastify/formbody'
import fastifyJwt from '@fastify/jwt'
import { fastapiStyleErrors } from './fastify-422.js'
import { STORED_ITEMS } from './shared-items.js'
import { registerStackByHand, STACK_ITEMS } from './shared-stack.js'
import { JWT_SECRET } from './shared-jwt.js'
import { WEBHOOK_SECRET, WEBHOOK_TOLERANCE } from './shared-webhook.js'
import { authenticate, type User } from './shared-users.js'

// @fastify/jwt types request.user for every Fastify app this project compiles: the dependency
// row's preHandlers keep a User there; the jwt route's claims go to request.jwtClaims.
declare module '@fastify/jwt' {
  interface FastifyJWT { user: User | null }
}

const itemOut = { type: 'object', properties: { name: { type: 'string' }, price: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['name', 'price', 'tags'] }
const listedItem = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, price: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['id', 'name', 'price', 'tags'] }
const user = { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' }, email: { type: 'string' } }, required: ['id', 'username', 'email'] }

export async function build () {
  const app = Fastify()
  app.setErrorHandler(fastapiStyleErrors)
  app.decorateRequest('user', null)
  app.get('/hello', { schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } } } }, async () => ({ hello: 'world' }))
  app.get<{ Params: { item_id: number }, Querystring: { q?: string, skip: number, limit: number } }>('/items/:item_id', {
    schema: {
      params: { type: 'object', properties: { item_id: { type: 'integer' } }, required: ['item_id'] },
      querystring: {
        type: 'object',
        properties: { q: { type: 'string' }, skip: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', maximum: 100, default: 10 } },
      },
      response: { 200: { type: 'object', properties: { item_id: { type: 'integer' }, q: { type: ['string', 'null'] }, skip: { type: 'integer' }, limit: { type: 'integer' } } } },
    },
  }, async (request) => ({ item_id: request.params.item_id, q: request.query.q ?? null, skip: request.query.skip, limit: request.query.limit }))
  app.post<{ Body: { name: string, price: number, tags: string[] } }>('/items/', {
    schema: {
      body: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1 }, price: { type: 'number', exclusiveMinimum: 0 }, tags: { type: 'array', items: { type: 'string' }, default: [] } },
        required: ['name', 'price'],
      },
      response: { 200: itemOut },
    },
  }, async (request) => ({ ...request.body, secret: 'hidden' }))
  app.get('/users/me', {
    schema: { response: { 200: user, 401: { type: 'object', properties: { detail: { type: 'string' } } } } },
    preHandler: authenticate,
  }, async (request: FastifyRequest & { user?: User | null }) => request.user)
  app.get('/items-list', { schema: { response: { 200: { type: 'array', items: listedItem } } } }, async () => STORED_ITEMS)
  // A urlencoded form by hand: @fastify/formbody parses it, Ajv checks it and coerces the int.
  await app.register(formbody)
  app.post<{ Body: { username: string, password: string, age: number } }>('/login/', {
    schema: {
      body: {
        type: 'object',
        properties: { username: { type: 'string' }, password: { type: 'string' }, age: { type: 'integer' } },
        required: ['username', 'password', 'age'],
      },
      response: { 200: { type: 'object', properties: { username: { type: 'string' }, age: { type: 'integer' } }, required: ['username', 'age'] } },
    },
  }, async (request) => ({ username: request.body.username, age: request.body.age }))
  // A JWT by hand: @fastify/jwt in its own scope (its decorators stay off the other routes),
  // verified in a preHandler with the same verifier cache as the library's default, the scope checked by hand.
  await app.register(async (secured) => {
    await secured.register(fastifyJwt, { secret: JWT_SECRET, decoratorName: 'jwtClaims', verify: { algorithms: ['HS256'], cache: 1000 } })
    secured.get('/users/me/claims', {
      schema: { response: { 200: { type: 'object', properties: { sub: { type: 'string' } }, required: ['sub'] }, 401: { type: 'object', properties: { detail: { type: 'string' } } } } },
      preHandler: async (request, reply) => {
        const challenge = { 'WWW-Authenticate': 'Bearer scope="me"' }
        let claims: { sub?: unknown, scope?: unknown }
        try {
          claims = await request.jwtVerify()
        } catch {
          return reply.code(401).headers(challenge).send({ detail: 'Could not validate credentials' })
        }
        if (typeof claims.sub !== 'string' || typeof claims.scope !== 'string' || !claims.scope.split(' ').includes('me')) {
          return reply.code(401).headers(challenge).send({ detail: 'Not enough permissions' })
        }
      },
    }, async (request) => ({ sub: (request as unknown as { jwtClaims: { sub: string } }).jwtClaims.sub }))
  })
  // A header on every response of a scope, by hand: one onSend hook (the fastest form, a callback).
  await app.register(async (headed) => {
    headed.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('x-content-type-options', 'nosniff')
      done(null, payload)
    })
    headed.get('/middleware/hello', { schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } } } }, async () => ({ hello: 'world' }))
  })
  // A Stripe webhook by hand, as a careful Fastify user writes it: the raw body kept by a
  // content-type parser of the route's own scope, the signature checked over it (constant
  // time, within the tolerance), parsed as Fastify parses JSON, then the JSON Schema.
  await app.register(async (signed) => {
    const key = Buffer.from(WEBHOOK_SECRET)
    signed.removeAllContentTypeParsers()
    signed.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
      const header = request.headers['stripe-signature']
      const parts = typeof header === 'string' ? header.split(',') : []
      const t = parts.find((part) => part.startsWith('t='))?.slice(2)
      const v1 = parts.filter((part) => part.startsWith('v1=')).map((part) => Buffer.from(part.slice(3), 'hex'))
      if (t === undefined || !/^\d+$/.test(t) || v1.length === 0) return done(Object.assign(new Error('Malformed Stripe-Signature header'), { statusCode: 400 }))
      if (Math.abs(Date.now() / 1000 - Number(t)) > WEBHOOK_TOLERANCE) return done(Object.assign(new Error('Webhook timestamp outside the tolerance window'), { statusCode: 401 }))
      const expected = createHmac('sha256', key).update(`${t}.`).update(body).digest()
      if (!v1.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) {
        return done(Object.assign(new Error('Webhook signature does not match'), { statusCode: 401 }))
      }
      try {
        done(null, secureJson.parse(body.toString('utf8')))
      } catch (error) {
        done(Object.assign(error as Error, { statusCode: 400 }))
      }
    })
    const paymentEvent = {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: { type: 'string' },
        data: {
          type: 'object',
          properties: {
            object: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                amount_received: { type: 'integer' },
                currency: { type: 'string' },
                metadata: { type: 'object', properties: { order_id: { type: 'integer' } }, required: ['order_id'] },
              },
              required: ['id', 'amount_received', 'currency', 'metadata'],
            },
          },
          required: ['object'],
        },
      },
      required: ['id', 'type', 'data'],
    }
    signed.post<{ Body: { id: string, data: { object: { metadata: { order_id: number } } } } }>('/webhooks/stripe', {
      schema: {
        body: paymentEvent,
        response: { 200: { type: 'object', properties: { received: { type: 'boolean' }, id: { type: 'string' }, order_id: { type: 'integer' } }, required: ['received', 'id', 'order_id'] } },
      },
    }, async (request) => ({ received: true, id: request.body.id, order_id: request.body.data.object.metadata.order_id }))
  })
  // The same stack by hand, in its own scope (shared-stack.ts), with an app-wide rate limit.
  await app.register(async (stack) => {
    await registerStackByHand(stack, { appWideRateLimit: true, etag: false })
    stack.get('/stack/items', { schema: { response: { 200: { type: 'array', items: listedItem } } } }, async () => STACK_ITEMS)
  })
  return app
}
