import type { FastifyRequest } from 'fastify'
import { describe, expect, it, vi } from 'vitest'
import { Depends, type HTTPMiddleware } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// Starlette's request.state: here a request decoration.
type TenantRequest = FastifyRequest & { tenant: string }

// FastAPI's "Multiple middleware execution order": each new middleware wraps the app, so
//   app.add_middleware(MiddlewareA); app.add_middleware(MiddlewareB)
// runs  Request: MiddlewareB -> MiddlewareA -> route;  Response: route -> MiddlewareA -> MiddlewareB.
function recording (name: string, events: string[]): HTTPMiddleware {
  return async function (request, callNext) {
    events.push(`${name} before`)
    const response = await callNext(request)
    events.push(`${name} after`)
    response.headers.append('x-trail', name)
    return response
  }
}

describe('several HTTP middleware', () => {
  it('run the last added outermost: its code before callNext first, after callNext last', async () => {
    const app = await buildApp()
    const events: string[] = []
    app.middleware('http', recording('A', events))
    app.middleware('http', recording('B', events))
    app.api.get('/', () => { events.push('route'); return { ok: true } })

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(events).toEqual(['B before', 'A before', 'route', 'A after', 'B after'])
    // A changed the response first, B last.
    expect(res.headers['x-trail']).toBe('A, B')
  })

  it('share what an outer one learns with the inner ones and the route, through the request', async () => {
    // Starlette's test_state_data_across_multiple_middlewares, with a request decoration for request.state.
    const app = await buildApp()
    app.decorateRequest('tenant', '')
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      response.headers.set('x-seen-tenant', (request as TenantRequest).tenant)
      return response
    })
    app.middleware('http', async (request, callNext) => {
      (request as TenantRequest).tenant = String(request.headers['x-tenant'] ?? 'none')
      return callNext(request)
    })
    app.get('/', async (request) => ({ tenant: (request as TenantRequest).tenant }))

    const res = await app.inject({ url: '/', headers: { 'x-tenant': 'acme' } })
    expect(res.json()).toEqual({ tenant: 'acme' })
    expect(res.headers['x-seen-tenant']).toBe('acme')
  })

  it('added inside an encapsulated plugin, wrap only its routes, inside the app\'s', async () => {
    const app = await buildApp()
    const events: string[] = []
    app.middleware('http', recording('app', events))
    await app.register(async function adminPlugin (admin) {
      admin.middleware('http', recording('admin', events))
      admin.get('/admin/stats', async () => { events.push('route'); return { admin: true } })
    })
    app.get('/public', async () => { events.push('route'); return { public: true } })

    const admin = await app.inject('/admin/stats')
    expect(admin.statusCode, admin.body).toBe(200)
    expect(events).toEqual(['app before', 'admin before', 'route', 'admin after', 'app after'])
    expect(admin.headers['x-trail']).toBe('admin, app')

    events.length = 0
    const open = await app.inject('/public')
    expect(open.statusCode, open.body).toBe(200)
    expect(events).toEqual(['app before', 'route', 'app after'])
    expect(open.headers['x-trail']).toBe('app')
  })

  it('run before the exit code of dependencies with yield and the background tasks, as FastAPI\'s docs say', async () => {
    const app = await buildApp()
    const events: string[] = []
    app.middleware('http', recording('middleware', events))
    const getDb = Depends(async function * () {
      events.push('db open')
      try { yield 'db' } finally { events.push('db exit code') }
    })
    app.api.get('/', { deps: { db: getDb } }, ({ background }) => {
      events.push('route')
      background.add(() => { events.push('background task') })
      return { ok: true }
    })

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    await vi.waitFor(() => expect(events).toHaveLength(6))
    expect(events).toEqual(['middleware before', 'db open', 'route', 'middleware after', 'background task', 'db exit code'])
  })

  it('include those the app adds after an encapsulated plugin declared its own', async () => {
    const app = await buildApp()
    const events: string[] = []
    await app.register(async (child) => {
      child.middleware('http', recording('child', events))
      child.get('/child', async () => ({ ok: true }))
    })
    app.middleware('http', recording('app', events))

    await app.inject('/child')
    expect(events).toEqual(['app before', 'child before', 'child after', 'app after'])
  })
})
