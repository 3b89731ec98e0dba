// The database group's baseline: the shop's GET /items/ and POST /items/ written by hand in bare
// Fastify, with hand-written JSON Schema (Ajv validation, fast-json-stringify responses), the
// JWT checked in a preHandler with @fastify/jwt, and the same SQL in one transaction per request
// (the shop's crud functions: BEGIN, the statements, COMMIT), on the same engine and rows,
// behind the shop's middleware stack by hand (shared-stack.ts): the shop's answers pay for
// CORS, helmet, gzip, ETags, request ids and its process-time middleware, so these do too.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyJwt from '@fastify/jwt'
import { createItem, listItems } from '../../../templates/shop/crud/items.js'
import { getUserByUsername } from '../../../templates/shop/crud/users.js'
import type { Db } from '../../../templates/shop/models/index.js'
import type { NewItem } from '../../../templates/shop/models/item.js'
import { fastapiStyleErrors } from './fastify-422.js'
import { benchDatabase, SHOP_BENCH_SECRET, type BenchEngine } from './shared-shop.js'
import { registerStackByHand } from './shared-stack.js'

const itemOut = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    price: { type: 'number' },
    tax: { type: ['number', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
    stock: { type: 'integer' },
  },
  required: ['id', 'name', 'description', 'price', 'tax', 'tags', 'stock'],
}

const itemCreate = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    description: { type: ['string', 'null'], maxLength: 300, default: null },
    price: { type: 'number', exclusiveMinimum: 0 },
    tax: { type: ['number', 'null'], minimum: 0, default: null },
    tags: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
    stock: { type: 'integer', minimum: 0, default: 0 },
    supplier_cost: { type: 'number', minimum: 0, default: 0 },
  },
  required: ['name', 'price'],
}

const pagination = {
  type: 'object',
  properties: {
    skip: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    tag: { type: 'array', items: { type: 'string' }, default: [] },
    min_price: { type: 'number', minimum: 0 },
    max_price: { type: 'number', minimum: 0 },
    in_stock: { type: 'boolean' },
  },
}

// A transaction per request, as the shop's getDb: committed before the answer, rolled back on an error.
async function inTransaction<TResult> (db: Db, work: (trx: Db) => Promise<TResult>): Promise<TResult> {
  const trx = await db.startTransaction().execute()
  try {
    const result = await work(trx)
    await trx.commit().execute()
    return result
  } catch (error) {
    await trx.rollback().execute()
    throw error
  }
}

// What the shop's `staff` dependency checks of the token before the route runs: signature,
// expiry, and the `items:write` scope.
async function staffToken (request: FastifyRequest, reply: FastifyReply) {
  let claims: { sub?: unknown, scope?: unknown }
  try {
    claims = await request.jwtVerify()
  } catch {
    return reply.code(401).header('WWW-Authenticate', 'Bearer scope="items:write"').send({ detail: 'Could not validate credentials' })
  }
  if (typeof claims.sub !== 'string' || typeof claims.scope !== 'string' || !claims.scope.split(' ').includes('items:write')) {
    return reply.code(401).header('WWW-Authenticate', 'Bearer scope="items:write"').send({ detail: 'Not enough permissions' })
  }
}

export async function buildBaseline (engine: BenchEngine) {
  const db = await benchDatabase(engine, `bare_${engine}`)
  const app = Fastify()
  app.setErrorHandler(fastapiStyleErrors)
  await registerStackByHand(app, { appWideRateLimit: false, etag: true })
  await app.register(fastifyJwt, { secret: SHOP_BENCH_SECRET, decoratorName: 'claims', verify: { algorithms: ['HS256'], cache: 1000 } })

  app.get<{ Querystring: { skip: number, limit: number, tag: string[], min_price?: number, max_price?: number, in_stock?: boolean } }>('/items/', {
    schema: { querystring: pagination, response: { 200: { type: 'array', items: itemOut } } },
  }, async (request, reply) => {
    const { skip, limit, ...filters } = request.query
    // The shop's `CacheControl({ noCache: true })` on its list.
    reply.header('cache-control', 'no-cache')
    return await inTransaction(db, (trx) => listItems(trx, filters, { skip, limit }))
  })

  app.post<{ Body: NewItem }>('/items/', {
    schema: { body: itemCreate, response: { 201: itemOut } },
    preHandler: staffToken,
  }, async (request, reply) => {
    const { sub } = (request as unknown as { claims: { sub: string } }).claims
    const item = await inTransaction(db, async (trx) => {
      const user = await getUserByUsername(trx, sub)
      if (user === undefined) return 401
      if (user.disabled) return 400
      return await createItem(trx, request.body)
    })
    if (item === 401) return reply.code(401).send({ detail: 'Could not validate credentials' })
    if (item === 400) return reply.code(400).send({ detail: 'Inactive user' })
    return reply.code(201).send(item)
  })
  return app
}
