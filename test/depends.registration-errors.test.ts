import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, Security, fastapi, fastapiErrors, fastapiRouting, type Dependency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// Mistakes in the dependency graph are refused where they are made, never at request time:
// `app.api.get(...)` throws at once; a router or plugin makes `app.ready()` reject.
function getDb () { return 'db' }

// Values a type-checked program cannot write, as a JavaScript user (or a cast) could.
const notADependency = getDb as unknown as Dependency<string>

describe('dependency registration errors', () => {
  describe('FFA_ERR_DEP_INVALID', () => {
    it('refuses Depends(42), asking for a function', () => {
      expect(() => Depends(42 as unknown as () => number)).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'Depends(fn): a dependency must be a function, an async function, a generator or a class; got 42.',
      }))
    })

    it("refuses a route whose deps.x is a bare function, naming the route, the dep and the fix", async () => {
      const app = await buildApp()
      expect(() => app.api.get('/items', { deps: { db: notADependency } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'route GET /items: deps.db must be a dependency made with Depends(fn); got [Function: getDb]. Wrap the function: Depends(getDb).',
      }))
    })

    it('refuses a bare function in a route\'s side-effect dependencies', async () => {
      const app = await buildApp()
      expect(() => app.api.get('/items', { dependencies: [Depends(getDb), notADependency] }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'route GET /items: dependencies[1] must be a dependency made with Depends(fn); got [Function: getDb]. Wrap the function: Depends(getDb).',
      }))
    })

    it("refuses a dependency whose deps.x is not a dependency, naming both", () => {
      expect(() => Depends({ deps: { db: notADependency } }, function currentUser () { return 'user' })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'Depends(currentUser): deps.db must be a dependency made with Depends(fn); got [Function: getDb]. Wrap the function: Depends(getDb).',
      }))
    })

    it('refuses a sub-dependency that a getter gives as a bare function, at the route', async () => {
      const app = await buildApp()
      const currentUser = Depends({ deps: { get db () { return notADependency } } }, function currentUser () { return 'user' })
      expect(() => app.api.get('/me', { deps: { user: currentUser } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'route GET /me: deps.db of currentUser must be a dependency made with Depends(fn); got [Function: getDb]. Wrap the function: Depends(getDb).',
      }))
    })

    it('refuses an unknown Depends option, listing the known ones', () => {
      const options = { qurey: z.object({ q: z.string() }) } as unknown as { query: z.ZodObject }
      expect(() => Depends(options, function search () { return 'q' })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: "Depends(search): unknown option 'qurey'. Known options: params, query, headers, cookies, body, form, deps, scope, useCache, name, errors, securityScheme.",
      }))
    })

    it('refuses an unknown scope', () => {
      const options = { scope: 'session' } as unknown as { scope: 'request' }
      expect(() => Depends(options, function * getSession () { yield 1 })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: "Depends(getSession): 'scope' must be one of request, function, app; got 'session'.",
      }))
    })

    it('refuses a params schema that is not a zod object, and a declared error that is not an error status', () => {
      const notAnObject = { query: z.string() } as unknown as { query: z.ZodObject }
      expect(() => Depends(notAnObject, function search () { return 'q' })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: expect.stringMatching(/^Depends\(search\): 'query' must be a zod object schema, z\.object\(\{ \.\.\. \}\); got /),
      }))
      expect(() => Depends({ errors: [{ status: 200 }] }, function ok () { return 'ok' })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: "Depends(ok): each of 'errors' needs an HTTP error status from 400 to 599, like { status: 401, description: 'Not authenticated' }; got { status: 200 }.",
      }))
    })

    it('refuses Security on a bare function, and scopes that are not an array of strings', () => {
      expect(() => Security(notADependency, ['me'])).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'Security(dependency, scopes): the dependency must be made with Depends(fn); got [Function: getDb].',
      }))
      expect(() => Security(Depends(getDb), 'me' as unknown as string[])).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: "Security(getDb, scopes): scopes must be an array of strings; got 'me'.",
      }))
    })

    it('names an anonymous function Depends(fn) in the fix', async () => {
      const app = await buildApp()
      const anonymous = [() => 'db'][0] as unknown as Dependency<string>
      expect(() => app.api.get('/items', { dependencies: [anonymous] }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'route GET /items: dependencies[0] must be a dependency made with Depends(fn); got [Function (anonymous)]. Wrap the function: Depends(fn).',
      }))
    })

    it("refuses Depends' options given without Depends, showing one level of them and no wrapping fix", async () => {
      const app = await buildApp()
      const options = { query: z.object({ skip: z.number().int() }) } as unknown as Dependency<{ skip: number }>
      expect(() => app.api.get('/items', { deps: { page: options } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'route GET /items: deps.page must be a dependency made with Depends(fn); got { query: [ZodObject] }.',
      }))
    })

    it('refuses a bare function on a plain Fastify route at app.get', async () => {
      const app = await buildApp()
      expect(() => app.get('/plain', { deps: { db: notADependency } }, async () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_INVALID',
        message: 'route GET /plain: deps.db must be a dependency made with Depends(fn); got [Function: getDb]. Wrap the function: Depends(getDb).',
      }))
    })

    it('refuses bare functions in the router and app-level dependencies options', async () => {
      expect(() => new APIRouter({ dependencies: [notADependency] })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_OPTION_INVALID',
        message: "APIRouter: option 'dependencies' must be an array of dependencies made with Depends(fn); got [ [Function: getDb] ]",
      }))
      const app = Fastify()
      onTestFinished(() => app.close())
      await expect(app.register(fastapi, { depends: { dependencies: [notADependency] } })).rejects.toMatchObject({
        code: 'FFA_ERR_OPTION_INVALID',
        message: "fastify-fastapi/depends: option 'dependencies' must be an array of dependencies made with Depends(fn); got [ [Function: getDb] ]",
      })
    })
  })

  describe('FFA_ERR_DEP_CYCLE', () => {
    // A getter lets a dependency name one declared after it, and so close a loop.
    function cycle () {
      const a: Dependency<string> = Depends({ deps: { get b () { return b } } }, function a () { return 'a' })
      const b: Dependency<string> = Depends({ deps: { c: Depends({ deps: { a } }, function c () { return 'c' }) } }, function b () { return 'b' })
      return { a, b }
    }

    it('refuses a cycle on a route, naming the chain', async () => {
      const app = await buildApp()
      const { a } = cycle()
      expect(() => app.api.get('/cycle', { deps: { a } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_CYCLE',
        message: 'Dependency cycle on route GET /cycle: a -> b -> c -> a. A dependency cannot need itself, directly or through others: break the chain.',
      }))
    })

    it('names only the loop, not the dependencies that lead to it', async () => {
      const app = await buildApp()
      const { a } = cycle()
      const listItems = Depends({ deps: { a } }, function listItems () { return [] })
      expect(() => app.api.get('/items', { deps: { items: listItems } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_CYCLE',
        message: 'Dependency cycle on route GET /items: a -> b -> c -> a. A dependency cannot need itself, directly or through others: break the chain.',
      }))
    })

    it('refuses a cycle on a router route when the app gets ready', async () => {
      const app = Fastify()
      onTestFinished(() => app.close())
      await app.register(fastapi)
      const { b } = cycle()
      const router = new APIRouter({ prefix: '/items' })
      router.get('/', { deps: { b } }, () => 'never')
      app.register(router)

      await expect(app.ready()).rejects.toMatchObject({
        code: 'FFA_ERR_DEP_CYCLE',
        message: 'Dependency cycle on route GET /items/: b -> c -> a -> b. A dependency cannot need itself, directly or through others: break the chain.',
      })
    })
  })

  describe('FFA_ERR_DEP_PARAM_CONFLICT', () => {
    const skipInt = Depends({ query: z.object({ skip: z.number().int() }) }, function pagination ({ query }) { return query.skip })
    const skipString = Depends({ query: z.object({ skip: z.string() }) }, function cursor ({ query }) { return query.skip })
    const intSchema = '{"type":"integer","minimum":-9007199254740991,"maximum":9007199254740991}'

    it('refuses two dependencies that declare one query param with different schemas', async () => {
      const app = await buildApp()
      expect(() => app.api.get('/items', { deps: { page: skipInt, cursor: skipString } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_PARAM_CONFLICT',
        message: `route GET /items: the query param 'skip' is declared by the dependency pagination and by the dependency cursor with different schemas (${intSchema} and {"type":"string"}). Declare it once, in a dependency both use, or give both the same schema.`,
      }))
    })

    it('refuses a dependency that declares a param of the route with another schema', async () => {
      const app = await buildApp()
      expect(() => app.api.get('/items', { deps: { page: skipInt }, query: z.object({ skip: z.string() }) }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_PARAM_CONFLICT',
        message: `route GET /items: the query param 'skip' is declared by the route GET /items itself and by the dependency pagination with different schemas ({"type":"string"} and ${intSchema}). Declare it once, in a dependency both use, or give both the same schema.`,
      }))
    })

    it("refuses a dependency that declares a body param of the route with another schema, as FastAPI embeds both in one body", async () => {
      const app = await buildApp()
      const byName = Depends({ body: { user: z.string() } }, function byName ({ body }) { return body.user })
      expect(() => app.api.put('/items', { body: { user: z.number() }, deps: { user: byName } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_PARAM_CONFLICT',
        message: `route PUT /items: the body param 'user' is declared by the route PUT /items itself and by the dependency byName with different schemas ({"type":"number"} and {"type":"string"}). Declare it once, in a dependency both use, or give both the same schema.`,
      }))
    })

    it('refuses two dependencies that read the whole body with different schemas', async () => {
      const app = await buildApp()
      const item = Depends({ body: z.object({ name: z.string() }) }, function item ({ body }) { return body })
      const order = Depends({ body: z.object({ quantity: z.number() }) }, function order ({ body }) { return body })
      expect(() => app.api.post('/orders', { deps: { item, order } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_PARAM_CONFLICT',
        message: 'route POST /orders: the body is declared by the dependency item and by the dependency order with different schemas ('
          + '{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]} and '
          + '{"type":"object","properties":{"quantity":{"type":"number"}},"required":["quantity"]}). Declare it once, in a dependency both use, or give both the same schema.',
      }))
    })

    it('accepts two dependencies that declare one param with the same schema', async () => {
      const app = await buildApp()
      const alsoSkipInt = Depends({ query: z.object({ skip: z.number().int() }) }, function offset ({ query }) { return query.skip })
      app.api.get('/items', { deps: { page: skipInt, offset: alsoSkipInt } }, ({ deps }) => deps)

      expect((await app.inject('/items?skip=3')).json()).toEqual({ page: 3, offset: 3 })
    })

    it('refuses a conflict on a plain route of an encapsulated plugin when the app gets ready', async () => {
      const app = Fastify()
      onTestFinished(() => app.close())
      await app.register(fastapi)
      app.register(async (child) => {
        child.get('/plain', { deps: { page: skipInt, cursor: skipString } }, async () => 'never')
      })

      await expect(app.ready()).rejects.toMatchObject({ code: 'FFA_ERR_DEP_PARAM_CONFLICT' })
    })
  })

  describe('FFA_ERR_DEP_SCOPE', () => {
    it('refuses a request-scoped dependency that depends on a function-scoped one', async () => {
      const app = await buildApp()
      const perFunction = Depends({ scope: 'function' }, function * perFunction () { yield 1 })
      const perRequest = Depends({ deps: { value: perFunction } }, function * perRequest () { yield 2 })
      expect(() => app.api.get('/scope', { deps: { value: perRequest } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_SCOPE',
        message: 'route GET /scope: the dependency "perRequest" has the scope "request", so it cannot depend on "perFunction", whose scope is "function": give perFunction a scope that lives as long, or move it.',
      }))
    })

    it('refuses an app-scoped dependency that depends on a request-scoped one', async () => {
      const app = await buildApp()
      const getSession = Depends(function * getSession () { yield 'session' })
      const cache = Depends({ scope: 'app', deps: { session: getSession } }, function cache () { return 'cache' })
      expect(() => app.api.get('/cache', { deps: { cache } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_SCOPE',
        message: 'route GET /cache: the dependency "cache" has the scope "app", so it cannot depend on "getSession", whose scope is "request": give getSession a scope that lives as long, or move it.',
      }))
    })

    it('refuses an app-scoped dependency that declares request params', async () => {
      const app = await buildApp()
      const tenant = Depends({ scope: 'app', query: z.object({ tenant: z.string() }) }, function tenant () { return 't' })
      expect(() => app.api.get('/tenant', { deps: { tenant } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_SCOPE',
        message: 'route GET /tenant: the app-scoped dependency "tenant" declares request params, but it is created once at startup, before any request: make it request-scoped or drop its params.',
      }))
    })
  })

  describe('FFA_ERR_DEP_OVERRIDE_INVALID', () => {
    it('refuses to override something that is not a dependency', async () => {
      const app = await buildApp()
      expect(() => app.dependencyOverrides.set(notADependency, () => 'fake')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_OVERRIDE_INVALID',
        message: 'dependencyOverrides: the dependency to override must be one made with Depends(fn), as routes use it; got [Function: getDb].',
      }))
    })

    it('refuses an override that is neither a dependency nor a function', async () => {
      const app = await buildApp()
      expect(() => app.dependencyOverrides.set(Depends(getDb), 'fake' as unknown as () => string)).toThrow(expect.objectContaining({
        code: 'FFA_ERR_DEP_OVERRIDE_INVALID',
        message: "dependencyOverrides: the override of getDb must be a dependency made with Depends(fn) or a function; got 'fake'.",
      }))
    })
  })

  describe('FFA_ERR_PLUGIN_MISSING', () => {
    it('refuses a route with deps on an app without the depends plugin', async () => {
      const app = Fastify()
      onTestFinished(() => app.close())
      await app.register(fastapiErrors)
      await app.register(fastapiRouting)
      expect(() => app.api.get('/items', { deps: { db: Depends(getDb) } }, () => 'never')).toThrow(expect.objectContaining({
        code: 'FFA_ERR_PLUGIN_MISSING',
        message: 'Route GET /items uses dependencies and needs the depends (fastify-fastapi/depends, or the fastapi preset) plugin: register it first, in the same scope or a parent.',
      }))
    })

    it('refuses side-effect dependencies on a router route when the preset runs with depends: false', async () => {
      const app = Fastify()
      onTestFinished(() => app.close())
      await app.register(fastapi, { depends: false })
      const router = new APIRouter({ dependencies: [Depends(getDb)] })
      router.get('/items', () => [])
      app.register(router)

      await expect(app.ready()).rejects.toMatchObject({
        code: 'FFA_ERR_PLUGIN_MISSING',
        message: 'Route GET /items uses dependencies and needs the depends (fastify-fastapi/depends, or the fastapi preset) plugin: register it first, in the same scope or a parent.',
      })
    })
  })
})
