import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, depsOf, fastapiDepends, fastapiErrors } from 'fastify-fastapi'

const events: string[] = []
const currentUser = Depends({ headers: z.object({ authorization: z.string().optional() }) }, function currentUser ({ headers }) {
  if (headers.authorization !== 'Bearer rick') throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return { username: 'rick' }
})
const pagination = Depends({ query: z.object({ skip: z.coerce.number().int().min(0).default(0) }) }, function pagination ({ query }) { return query })
const session = Depends(async function * session () {
  events.push('open')
  try {
    yield 'session'
    events.push('commit')
  } catch (error) {
    events.push(`rollback: ${(error as Error).message}`)
    throw error
  }
})

const itemsQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', maximum: 100 } },
  required: ['limit'],
} as const

async function plainApp () {
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapiErrors)
  await app.register(fastapiDepends)
  events.length = 0
  return app
}

describe("a plain Fastify route's dependencies run before its schema is judged, as in FastAPI", () => {
  it('answers 401 to a request with a bad query and no credentials, the 422 once the credentials are good', async () => {
    const app = await plainApp()
    const deps = { user: currentUser }
    app.get('/items', { deps, schema: { querystring: itemsQuery } }, async (request) => ({ owner: depsOf(request, deps).user.username, query: request.query }))

    const stranger = await app.inject('/items?limit=many')
    expect(stranger.statusCode, stranger.body).toBe(401)
    expect(stranger.json()).toEqual({ detail: 'Not authenticated' })
    expect(stranger.headers['www-authenticate']).toBe('Bearer')
    const invalid = await app.inject({ url: '/items?limit=500', headers: { authorization: 'Bearer rick' } })
    expect(invalid.statusCode, invalid.body).toBe(422)
    expect(invalid.json()).toEqual({
      detail: [{ type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: 500, ctx: { le: 100 } }],
    })
    const valid = await app.inject({ url: '/items?limit=5', headers: { authorization: 'Bearer rick' } })
    expect(valid.statusCode, valid.body).toBe(200)
    expect(valid.json()).toEqual({ owner: 'rick', query: { limit: 5 } })
  })

  it("reports the dependencies' items first, then the route's, in one 422", async () => {
    const app = await plainApp()
    app.get('/items', { deps: { page: pagination }, schema: { querystring: itemsQuery } }, async () => [])

    const res = await app.inject('/items?skip=-1')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'greater_than_equal', loc: ['query', 'skip'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
        { type: 'missing', loc: ['query', 'limit'], msg: 'Field required', input: null },
      ],
    })
  })

  it("lets a generator dependency see the schema's 422 and roll back, before the response", async () => {
    const app = await plainApp()
    app.post('/items', { deps: { db: session }, schema: { body: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } }, async () => 'created')

    const res = await app.inject({ method: 'POST', url: '/items', payload: {} })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} }] })
    expect(events).toEqual(['open', "rollback: body must have required property 'name'"])
  })

  it("answers before the route's own preHandler hooks, and leaves the error to a route that asked for attachValidation", async () => {
    const app = await plainApp()
    const preHandler = async () => { events.push('preHandler') }
    app.get('/items', { deps: { user: currentUser }, schema: { querystring: itemsQuery }, preHandler }, async () => [])
    app.get('/legacy', { deps: { user: currentUser }, schema: { querystring: itemsQuery }, attachValidation: true },
      async (request) => ({ invalid: request.validationError?.validationContext }))

    const stranger = await app.inject('/items')
    expect(stranger.statusCode, stranger.body).toBe(401)
    expect(events).toEqual([])
    const good = await app.inject({ url: '/items?limit=1', headers: { authorization: 'Bearer rick' } })
    expect(good.statusCode, good.body).toBe(200)
    expect(events).toEqual(['preHandler'])
    const legacy = await app.inject({ url: '/legacy', headers: { authorization: 'Bearer rick' } })
    expect(legacy.statusCode, legacy.body).toBe(200)
    expect(legacy.json()).toEqual({ invalid: 'querystring' })
  })
})
