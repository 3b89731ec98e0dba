import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, HTTPException, type DeclaredError } from 'fastify-fastapi'
import type { RouteDescription } from '../src/routing/compile-route.js'
import { kRouteDescription } from '../src/shared/symbols.js'
import { buildApp } from './helpers/app.js'

/** The declared errors of every route, by "METHOD url", as the docs plugin will read them. */
function declaredErrors (app: FastifyInstance): Map<string, readonly DeclaredError[]> {
  const errors = new Map<string, readonly DeclaredError[]>()
  app.addHook('onRoute', (routeOptions) => {
    const description = (routeOptions.config as Record<symbol, RouteDescription | undefined> | undefined)?.[kRouteDescription]
    if (description !== undefined) errors.set(`${description.method} ${routeOptions.url}`, description.errors)
  })
  return errors
}

const notAuthenticated: DeclaredError = { status: 401, description: 'Not authenticated', headers: { 'WWW-Authenticate': 'Bearer' } }
const oauth2Scheme = Depends({ headers: z.object({ authorization: z.string().optional() }), errors: [notAuthenticated] }, ({ headers }) => {
  if (headers.authorization === undefined) throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return headers.authorization
})
const currentUser = Depends({ deps: { token: oauth2Scheme }, errors: [{ status: 403, description: 'Inactive user' }] }, ({ deps }) => ({ token: deps.token }))
const getItem = Depends({ params: z.object({ item_id: z.string() }), errors: [{ status: 404, description: 'Item not found' }] }, ({ params }) => params.item_id)

describe('declared errors', () => {
  it('gives a route the union of the errors declared along its dependency tree', async () => {
    const app = await buildApp()
    const errors = declaredErrors(app)
    app.api.get('/items/{item_id}', { deps: { user: currentUser, item: getItem } }, ({ deps }) => deps)

    expect(errors.get('GET /items/:item_id')).toEqual([
      { status: 401, description: 'Not authenticated', headers: { 'WWW-Authenticate': 'Bearer' } },
      { status: 403, description: 'Inactive user' },
      { status: 404, description: 'Item not found' },
    ])
  })

  it('lists an error declared by two dependencies of one route once', async () => {
    const app = await buildApp()
    const errors = declaredErrors(app)
    const otherUser = Depends({ deps: { token: oauth2Scheme }, errors: [notAuthenticated] }, ({ deps }) => deps.token)
    app.api.get('/both', { deps: { token: oauth2Scheme, otherUser } }, () => 'ok')

    expect(errors.get('GET /both')).toEqual([notAuthenticated])
  })

  it('includes the errors of app, router and route side-effect dependencies', async () => {
    const verifyKey = Depends({ headers: z.object({ x_key: z.string() }), errors: [{ status: 400, description: 'X-Key header invalid' }] }, () => undefined)
    const verifyToken = Depends({ errors: [{ status: 400, description: 'X-Token header invalid' }] }, () => undefined)
    const rateLimit = Depends({ errors: [{ status: 429, description: 'Too many requests', headers: { 'Retry-After': '60' } }] }, () => undefined)
    const app = await buildApp({ depends: { dependencies: [rateLimit] } })
    const errors = declaredErrors(app)
    const router = new APIRouter({ prefix: '/items', dependencies: [verifyToken] })
    router.get('/', { dependencies: [verifyKey], deps: { user: currentUser } }, () => [])
    await app.register(router)
    await app.ready()

    expect(errors.get('GET /items/')).toEqual([
      { status: 429, description: 'Too many requests', headers: { 'Retry-After': '60' } },
      { status: 400, description: 'X-Token header invalid' },
      { status: 400, description: 'X-Key header invalid' },
      notAuthenticated,
      { status: 403, description: 'Inactive user' },
    ])
  })

  it('declares no errors for a route without dependencies, or whose dependencies declare none', async () => {
    const app = await buildApp()
    const errors = declaredErrors(app)
    app.api.get('/bare', () => 'ok')
    app.api.get('/quiet', { deps: { quiet: Depends(() => 'quiet') } }, () => 'ok')

    expect(errors.get('GET /bare')).toEqual([])
    expect(errors.get('GET /quiet')).toEqual([])
  })

})
