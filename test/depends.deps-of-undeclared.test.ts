import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, depsOf } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'

// On a plain Fastify route, `depsOf(request, deps)` types `request.deps` from the object it is
// given; Fastify's route types cannot check that object against the route's `deps`, so depsOf
// checks it when called: a dependency the route never declared is a 500 naming the mistake,
// not an `undefined` the types said could not happen.
const currentUser = Depends(function currentUser () { return { username: 'rick' } })
const adminUser = Depends(function adminUser () { return { username: 'root', admin: true } })
const pagination = Depends({ query: z.object({ skip: z.number().int().default(0) }) }, function pagination ({ query }) { return query })

describe('depsOf with deps the route did not declare', () => {
  it('answers a 500 that leaks nothing and logs the coded error naming the route, the dep and the fix', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.get('/me', { deps: { page: pagination } }, async (request) => depsOf(request, { user: currentUser }).user.username)

    const res = await app.inject('/me')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(logs.lines.find((line) => line.level === 50)?.err).toMatchObject({
      code: 'FFA_ERR_DEPS_UNDECLARED',
      message: "depsOf(request, deps) on route GET /me: the route declares no dep 'user' (its deps: page). Pass the route's own deps: declare them once (`const deps = { user: currentUser }`), then `{ deps }` on the route and `depsOf(request, deps)` in its handler.",
    })
  })

  it('refuses another dependency under a declared name', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.get('/me', { deps: { user: currentUser } }, async (request) => depsOf(request, { user: adminUser }).user.admin)

    expect((await app.inject('/me')).statusCode).toBe(500)
    expect(logs.lines.find((line) => line.level === 50)?.err).toMatchObject({
      code: 'FFA_ERR_DEPS_UNDECLARED',
      message: expect.stringContaining('depsOf(request, deps) on route GET /me: deps.user is currentUser on the route, but adminUser here.'),
    })
  })

  it('refuses a route that declares no deps at all', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.get('/me', async (request) => depsOf(request, { user: currentUser }).user.username)

    expect((await app.inject('/me')).statusCode).toBe(500)
    expect(logs.lines.find((line) => line.level === 50)?.err).toMatchObject({
      message: expect.stringContaining("the route declares no dep 'user' (it declares no deps)"),
    })
  })

  it('accepts the same dependencies in another object, and a part of them', async () => {
    const app = await buildApp()
    app.get('/me', { deps: { user: currentUser, page: pagination } }, async (request) => ({
      user: depsOf(request, { user: currentUser }).user.username,
      skip: depsOf(request, { page: Depends(pagination, { useCache: false }) }).page.skip,
    }))

    const res = await app.inject('/me?skip=2')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ user: 'rick', skip: 2 })
  })
})
