import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, depsOf, fastapiDepends, fastapiErrors } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const pagination = Depends({ query: z.object({ skip: z.number().int().min(0).default(0), limit: z.number().int().max(100).default(10) }) },
  function pagination ({ query }) { return query })
const currentUser = Depends({ headers: z.object({ authorization: z.string().optional() }) }, async function currentUser ({ headers }) {
  if (headers.authorization !== 'Bearer rick') throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return { username: 'rick' }
})

describe('deps on plain Fastify routes', () => {
  it('gives a plain route its deps in request.deps', async () => {
    const app = await buildApp()
    app.get('/items', { deps: { page: pagination } }, async (request) => ({ deps: request.deps }))

    const res = await app.inject('/items?skip=20&limit=5')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ deps: { page: { skip: 20, limit: 5 } } })
  })

  it('reads them typed with depsOf(request, deps)', async () => {
    const app = await buildApp()
    const deps = { page: pagination, user: currentUser }
    app.get('/items', { deps }, async (request) => {
      const { page, user } = depsOf(request, deps)
      return { owner: user.username, skip: page.skip, limit: page.limit }
    })

    const res = await app.inject({ url: '/items?limit=3', headers: { authorization: 'Bearer rick' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ owner: 'rick', skip: 0, limit: 3 })
  })

  it("answers 422 in FastAPI's shape when the deps' params fail, without calling the handler", async () => {
    const app = await buildApp()
    let handled = false
    app.get('/items', { deps: { page: pagination } }, async () => { handled = true })

    const res = await app.inject('/items?skip=-1&limit=500')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'greater_than_equal', loc: ['query', 'skip'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '500', ctx: { le: 100 } },
      ],
    })
    expect(handled).toBe(false)
  })

  it('answers with the HTTPException a dependency raises', async () => {
    const app = await buildApp()
    app.get('/me', { deps: { user: currentUser } }, async (request) => request.deps)

    const res = await app.inject('/me')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
    expect(res.headers['www-authenticate']).toBe('Bearer')
  })

  it('runs side-effect dependencies of a plain route, and the app-level ones with them', async () => {
    const events: string[] = []
    const appLevel = Depends(() => { events.push('app') })
    const app = await buildApp({ depends: { dependencies: [appLevel] } })
    const verify = Depends(() => { events.push('route') })
    app.get('/checked', { dependencies: [verify] }, async () => { events.push('handler'); return 'ok' })

    const res = await app.inject('/checked')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('ok')
    expect(events).toEqual(['app', 'route', 'handler'])
  })

  it('cleans up generator deps after the response', async () => {
    const app = await buildApp()
    const events: string[] = []
    let cleaned!: () => void
    const cleanedUp = new Promise<void>((resolve) => { cleaned = resolve })
    const getDb = Depends(async function * getDb () {
      events.push('open')
      try { yield 'db' } finally { events.push('close'); cleaned() }
    })
    app.get('/db', { deps: { db: getDb } }, async (request, reply) => {
      events.push('handler')
      return reply.send({ db: depsOf(request, { db: getDb }).db })
    })

    const res = await app.inject('/db')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ db: 'db' })
    await cleanedUp
    expect(events).toEqual(['open', 'handler', 'close'])
  })

  it('throws the handler error into generator deps before the error response', async () => {
    const app = await buildApp()
    const events: string[] = []
    const getDb = Depends(function * getDb () {
      try { yield 'db' } catch (error) { events.push(`rollback after ${(error as Error).message}`); throw error }
    })
    app.get('/db', { deps: { db: getDb } }, async () => { throw new HTTPException(409, 'Conflict') })

    const res = await app.inject('/db')
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json()).toEqual({ detail: 'Conflict' })
    expect(events).toEqual(['rollback after Conflict'])
  })

  it('works with a sync handler that sends with reply and returns nothing', async () => {
    const app = await buildApp()
    app.get('/sync', { deps: { page: pagination } }, function (request, reply) {
      void reply.code(201).send(request.deps)
    })

    const res = await app.inject('/sync?skip=1')
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ page: { skip: 1, limit: 10 } })
  })

  it('adopts DI alone: the depends plugin on a bare Fastify app, with route shorthand and route()', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiErrors)
    await app.register(fastapiDepends)
    app.get('/items', { deps: { page: pagination } }, async (request) => request.deps)
    app.route({ method: 'POST', url: '/items', deps: { page: pagination }, handler: async (request) => ({ posted: request.deps }) })

    expect((await app.inject('/items?limit=2')).json()).toEqual({ page: { skip: 0, limit: 2 } })
    const posted = await app.inject({ method: 'POST', url: '/items?skip=4' })
    expect(posted.statusCode, posted.body).toBe(200)
    expect(posted.json()).toEqual({ posted: { page: { skip: 4, limit: 10 } } })
  })

  it('leaves plain routes without deps alone', async () => {
    const app = await buildApp()
    app.get('/bare', async (request) => ({ deps: request.deps }))

    expect((await app.inject('/bare')).json()).toEqual({ deps: null })
  })

  it('applies to plain routes registered in an encapsulated plugin', async () => {
    const app = await buildApp()
    await app.register(async (child) => {
      child.get('/child', { deps: { page: pagination } }, async (request) => request.deps)
    }, { prefix: '/nested' })

    expect((await app.inject('/nested/child?skip=3')).json()).toEqual({ page: { skip: 3, limit: 10 } })
  })
})

describe('the inputs a dependency of a plain route reads', () => {
  it('are the query and body as sent, not as Fastify\'s JSON Schema coerced them in place', async () => {
    const app = await buildApp()
    const sent = Depends({ query: z.object({ n: z.string() }), body: z.object({ count: z.string() }) }, function sent ({ query, body }) {
      return { n: query.n, count: body.count }
    })
    const deps = { sent }
    app.post('/plain', {
      deps,
      schema: {
        querystring: { type: 'object', properties: { n: { type: 'integer' } } },
        body: { type: 'object', properties: { count: { type: 'integer' } } },
      },
    }, async (request) => ({ dependency: depsOf(request, deps).sent, handler: { n: (request.query as { n: unknown }).n, count: (request.body as { count: unknown }).count } }))

    const res = await app.inject({ method: 'POST', url: '/plain?n=5', payload: { count: '7' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ dependency: { n: '5', count: '7' }, handler: { n: 5, count: 7 } })
  })
})
