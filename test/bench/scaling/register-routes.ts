// One registration measurement, in a fresh process (run with --expose-gc):
// `register-routes.ts <fastapi|json-schema> <routes> [models-first]`. Prints one JSON line: the time from
// `Fastify()` to `await app.ready()`, and heap-used and RSS growth over that span (after a GC
// on both sides, so garbage from registration does not count as memory the routes hold); for
// `fastapi`, the time of the first `/openapi.json` too (the document is built then). With
// `models-first`, the zod models are made before the clock starts, as an app declares them at
// module level; else each route makes its own inside the span.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { fastapi } from 'fastify-fastapi'
import { z } from 'zod'
import { currentUser } from '../apps/fastapi-user.js'
import { bearerTokenOf, db, type User } from '../apps/shared-users.js'

const [appName, countArg, when] = process.argv.slice(2)
const count = Number(countArg)

function makeModels () {
  return { params: z.object({ item_id: z.number().int() }), query: z.object({ q: z.string().optional(), limit: z.number().int().max(100).default(10) }) }
}
const modelsFirst = when === 'models-first' ? Array.from({ length: count }, makeModels) : null
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

// Each route as a user would write it: its own params and query schemas, one shared chain.
async function withFastapi (): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(fastapi)
  for (let i = 0; i < count; i++) {
    const { params, query } = modelsFirst?.[i] ?? makeModels()
    app.api.get(`/r${i}/items/{item_id}`, {
      params,
      query,
      deps: { user: currentUser },
    }, ({ params, query, deps }) => ({ item_id: params.item_id, q: query.q ?? null, limit: query.limit, owner: deps.user.username }))
  }
  await app.ready()
  return app
}

async function withJsonSchema (): Promise<FastifyInstance> {
  const app = Fastify()
  app.decorateRequest('user', null)
  for (let i = 0; i < count; i++) {
    app.get<{ Params: { item_id: number }, Querystring: { q?: string, limit: number } }>(`/r${i}/items/:item_id`, {
      schema: {
        params: { type: 'object', properties: { item_id: { type: 'integer' } }, required: ['item_id'] },
        querystring: { type: 'object', properties: { q: { type: 'string' }, limit: { type: 'integer', maximum: 100, default: 10 } } },
        response: { 200: { type: 'object', properties: { item_id: { type: 'integer' }, q: { type: ['string', 'null'] }, limit: { type: 'integer' }, owner: { type: 'string' } } } },
      },
      preHandler: async (request: FastifyRequest & { user?: User | null }, reply) => {
        const token = bearerTokenOf(request.headers.authorization)
        const user = token === undefined ? undefined : await db.findUserByToken(token)
        if (user === undefined) return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ detail: 'Not authenticated' })
        request.user = user
      },
    }, async (request) => ({ item_id: request.params.item_id, q: request.query.q ?? null, limit: request.query.limit, owner: (request as { user?: User }).user?.username }))
  }
  await app.ready()
  return app
}

gc()
const before = process.memoryUsage()
const start = performance.now()
const app = appName === 'fastapi' ? await withFastapi() : await withJsonSchema()
const ms = performance.now() - start
gc()
const after = process.memoryUsage()

// The last route must answer, or the figures describe a broken app.
const res = await app.inject({ url: `/r${count - 1}/items/3?q=x`, headers: { authorization: 'Bearer rick' } })
if (res.statusCode !== 200) throw new Error(`${appName}: /r${count - 1}/items/3 answered ${res.statusCode} ${res.body}`)
// The OpenAPI document is built at its first use, as FastAPI's `app.openapi()`: timed apart.
let docsMs: number | null = null
if (appName === 'fastapi') {
  const docsStart = performance.now()
  const docs = await app.inject('/openapi.json')
  docsMs = performance.now() - docsStart
  if (docs.statusCode !== 200 || Object.keys(docs.json().paths).length !== count) throw new Error(`fastapi: /openapi.json answered ${docs.statusCode}, or without the ${count} routes`)
}
await app.close()
process.stdout.write(`${JSON.stringify({ ms, heapUsed: after.heapUsed - before.heapUsed, rss: after.rss - before.rss, docsMs })}\n`)
