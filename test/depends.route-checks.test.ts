import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapiDepends } from 'fastify-fastapi'
import type { RouteUse } from '../src/depends/types.js'
import { dependsWithChecks } from '../src/depends/dependency.js'
import { buildApp } from './helpers/app.js'

// A dependency of this package may check each route that uses it, once, at registration
// (the method, the plugins in reach): a mistake fails the app's startup, not a request.

describe('route checks of a dependency', () => {
  it('sees each route that uses it, FastAPI-style or plain, with its methods and instance', async () => {
    const seen: Array<Omit<RouteUse, 'instance'> & { root: boolean }> = []
    const app = await buildApp()
    const checked = dependsWithChecks({ name: 'checked' }, () => 'value', {
      route: (route) => { seen.push({ owner: route.owner, methods: route.methods, root: route.instance === app }) },
    })
    app.api.post('/orders/', { deps: { value: checked } }, ({ deps }) => deps.value)
    app.route({ method: ['PUT', 'patch'], url: '/plain', deps: { value: checked }, handler: async () => 'ok' })
    app.api.get('/unchecked', () => 'ok')
    await app.ready()
    expect(seen).toEqual([
      { owner: 'route POST /orders/', methods: ['POST'], root: true },
      { owner: 'route PUT|PATCH /plain', methods: ['PUT', 'PATCH'], root: true },
    ])
  })

  it('fails the route\'s registration with the check\'s error', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiDepends)
    const refusing = dependsWithChecks({}, () => 1, { route: (route) => { throw new Error(`not on ${route.owner}`) } })
    expect(() => app.post('/x', { deps: { one: refusing } }, async () => 'x')).toThrow('not on route POST /x')
  })

  it('refuses a check that is not a function', () => {
    // @ts-expect-error  a check is a function
    expect(() => dependsWithChecks({ name: 'odd' }, () => 1, { route: 'POST only' })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_INVALID',
      message: "dependsWithChecks(odd): the route check must be a function; got 'POST only'.",
    }))
  })
})
