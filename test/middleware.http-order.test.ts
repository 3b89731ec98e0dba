import { describe, expect, it } from 'vitest'
import type { HTTPMiddleware } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

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
      response.headers.set('x-seen-tenant', (request as typeof request & { tenant: string }).tenant)
      return response
    })
    app.middleware('http', async (request, callNext) => {
      ;(request as typeof request & { tenant: string }).tenant = String(request.headers['x-tenant'] ?? 'none')
      return callNext(request)
    })
    app.get('/', async (request) => ({ tenant: (request as typeof request & { tenant: string }).tenant }))

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
