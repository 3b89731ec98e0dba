import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A router is a Fastify plugin without fastify-plugin's skip-override: what the plugin scope
// that registers it adds (hooks, decorators) reaches its routes and no one else's.
function routerOf (prefix: string, hooks: string[] = []): APIRouter {
  const router = new APIRouter({ prefix })
  router.get('/', ({ request }) => {
    hooks.push(`${prefix} handler`)
    return {
      tenant: (request as FastifyRequest & { tenant?: string }).tenant ?? null,
      hasDb: request.server.hasDecorator('db'),
    }
  })
  return router
}

describe('router encapsulation', () => {
  it('runs a hook of the plugin scope that registers router A for A only, not for B registered elsewhere', async () => {
    const hooks: string[] = []
    const app = await buildApp()
    await app.register(async function adminScope (scope) {
      scope.addHook('onRequest', async (request) => { hooks.push(`admin hook ${request.url}`) })
      await scope.register(routerOf('/a', hooks))
    })
    await app.register(routerOf('/b', hooks))

    const a = await app.inject('/a/')
    expect(a.statusCode, a.body).toBe(200)
    const b = await app.inject('/b/')
    expect(b.statusCode, b.body).toBe(200)
    expect(hooks).toEqual(['admin hook /a/', '/a handler', '/b handler'])
  })

  it('shows request and instance decorators of that scope to router A only', async () => {
    const app = await buildApp()
    await app.register(async function tenantScope (scope) {
      scope.decorateRequest('tenant', 'acme')
      scope.decorate('db', { query: () => [] })
      await scope.register(routerOf('/a'))
    })
    await app.register(routerOf('/b'))

    const a = await app.inject('/a/')
    expect(a.statusCode, a.body).toBe(200)
    expect(a.json()).toEqual({ tenant: 'acme', hasDb: true })
    const b = await app.inject('/b/')
    expect(b.statusCode, b.body).toBe(200)
    expect(b.json()).toEqual({ tenant: null, hasDb: false })
    expect(app.hasDecorator('db')).toBe(false)
    expect(app.hasRequestDecorator('tenant')).toBe(false)
  })

  it('keeps a hook of one scope off the copy of the same router registered in another', async () => {
    const app = await buildApp()
    const router = routerOf('/items')
    await app.register(async function tracedScope (scope) {
      scope.addHook('onSend', async (_request, reply, payload) => {
        reply.header('x-traced', 'yes')
        return payload
      })
      await scope.register(router, { prefix: '/traced' })
    })
    await app.register(router, { prefix: '/plain' })

    const traced = await app.inject('/traced/items/')
    expect(traced.statusCode, traced.body).toBe(200)
    expect(traced.headers['x-traced']).toBe('yes')
    const plain = await app.inject('/plain/items/')
    expect(plain.statusCode, plain.body).toBe(200)
    expect(plain.headers['x-traced']).toBeUndefined()
  })

  it('applies a hook of the app, added before the routers, to routers registered in any scope', async () => {
    const hooks: string[] = []
    const app = await buildApp()
    app.addHook('onRequest', async (request) => { hooks.push(`app hook ${request.url}`) })
    await app.register(async (scope) => { await scope.register(routerOf('/a')) })
    await app.register(routerOf('/b'))

    const a = await app.inject('/a/')
    expect(a.statusCode, a.body).toBe(200)
    const b = await app.inject('/b/')
    expect(b.statusCode, b.body).toBe(200)
    expect(hooks).toEqual(['app hook /a/', 'app hook /b/'])
  })

  it("keeps a scope's hook to the routers mounted with that scope's app.api.includeRouter", async () => {
    const hooks: string[] = []
    const app = await buildApp()
    await app.register(async function adminScope (scope) {
      scope.addHook('preHandler', async (request) => { hooks.push(`admin hook ${request.url}`) })
      scope.api.includeRouter(routerOf('/a'))
    })
    app.api.includeRouter(routerOf('/b'))

    const a = await app.inject('/a/')
    expect(a.statusCode, a.body).toBe(200)
    const b = await app.inject('/b/')
    expect(b.statusCode, b.body).toBe(200)
    expect(hooks).toEqual(['admin hook /a/'])
  })
})
