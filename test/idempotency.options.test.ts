import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { APIRouter, fastapiDepends, fastapiIdempotency, Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// Mistakes fail at registration, with a coded error whose message names the option and the fix.

describe('Idempotency options', () => {
  it.each([
    [{ ttl: 0 }, "Idempotency: option 'ttl' must be seconds, more than 0, like 86_400 (24 hours); got number 0"],
    [{ ttl: '1 day' }, "Idempotency: option 'ttl' must be seconds, more than 0, like 86_400 (24 hours); got string '1 day'"],
    [{ lockTimeout: -1 }, "Idempotency: option 'lockTimeout' must be seconds, more than 0, like 60; got number -1"],
    [{ required: 'yes' }, "Idempotency: option 'required' must be true or false; got string 'yes'"],
    [{ maxKeyLength: 0 }, "Idempotency: option 'maxKeyLength' must be an integer of at least 1, like 255; got number 0"],
    [{ name: 'orders', ttl: Number.NaN }, "Idempotency(orders): option 'ttl' must be seconds, more than 0, like 86_400 (24 hours); got number NaN"],
    [{ scope: 'user' }, "Idempotency: option 'scope' is not an option of Idempotency; its options are: required, ttl, lockTimeout, maxKeyLength, deps, name"],
  ])('refuses %j with FFA_ERR_OPTION_INVALID', (options, message) => {
    // @ts-expect-error  each of these options is wrong on purpose
    expect(() => Idempotency(options)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message }))
  })

  it('refuses a scope that is neither a function nor a dependency', () => {
    // @ts-expect-error  the scope is a function or a dependency
    expect(() => Idempotency({}, 'user')).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Idempotency: option '(scope)' the second argument must be a function of the dependency's deps (({ deps }) => deps.user.id) or a dependency whose value is the identity; got 'user'",
    }))
  })

  it.each(['get', 'put', 'delete'] as const)('refuses it on a %s route, at registration', async (method) => {
    const app = await buildApp({ idempotency: {} })
    expect(() => app.api[method]('/items', { deps: { key: Idempotency() } }, () => 'ok')).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_INVALID',
      message: `Idempotency on route ${method.toUpperCase()} /items: an Idempotency-Key makes a POST or PATCH safe to retry, and ${method.toUpperCase()} needs none (GET, HEAD, PUT and DELETE are idempotent by HTTP's definition). Use it on POST and PATCH routes only (not in app- or router-wide dependencies that reach other methods).`,
    }))
  })

  it('refuses it in a router\'s dependencies that reach a GET route', async () => {
    const app = await buildApp({ idempotency: {} })
    const router = new APIRouter({ prefix: '/orders', dependencies: [Idempotency()] })
    router.post('/', () => 'created')
    router.get('/', () => [])
    await expect(app.register(router)).rejects.toMatchObject({ code: 'FFA_ERR_DEP_INVALID' })
  })

  it('refuses a route that uses it where the idempotency plugin is not registered', async () => {
    const app = await buildApp()
    expect(() => app.api.post('/orders/', { deps: { key: Idempotency() } }, () => 'created')).toThrow(expect.objectContaining({
      code: 'FFA_ERR_PLUGIN_MISSING',
      message: "Idempotency on route POST /orders/ needs the idempotency (fastify-fastapi/idempotency, or the fastapi preset's `idempotency` option) plugin: register it first, in the same scope or a parent.",
    }))
    const plain = Fastify()
    onTestFinished(() => plain.close())
    await plain.register(fastapiDepends)
    expect(() => plain.post('/orders/', { deps: { key: Idempotency() } }, async () => 'created')).toThrow(expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING' }))
  })

  it('refuses the plugin without the depends plugin before it', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await expect(app.register(fastapiIdempotency)).rejects.toMatchObject({
      code: 'FFA_ERR_PLUGIN_MISSING',
      message: 'fastify-fastapi/idempotency needs the depends (fastify-fastapi/depends, or the fastapi preset) plugin: register it first, in the same scope or a parent.',
    })
  })

  it.each([
    [{ redis: 'localhost:6379' }, "fastify-fastapi/idempotency: option 'redis' must be a Redis URL ('redis://127.0.0.1:6379', 'rediss://...' for TLS) or an ioredis client (new Redis(...)); got the string 'localhost:6379'"],
    [{ maxEntries: 0 }, "fastify-fastapi/idempotency: option 'maxEntries' must be an integer of at least 1, like 10_000; got number 0"],
    [{ maxBodySize: 1.5 }, "fastify-fastapi/idempotency: option 'maxBodySize' must be an integer of at least 1, in bytes, like 1_048_576 (1 MiB); got number 1.5"],
    [{ prefix: 1 }, "fastify-fastapi/idempotency: option 'prefix' must be a string, like 'ffa:idempotency:'; got number 1"],
    [{ ttl: 60 }, "fastify-fastapi/idempotency: option 'ttl' is not an option of fastify-fastapi/idempotency; its options are: redis, prefix, maxEntries, maxBodySize"],
  ])('refuses the plugin option %j', async (options, message) => {
    const app = Fastify()
    onTestFinished(() => app.close())
    // @ts-expect-error  each of these options is wrong on purpose
    await expect(app.register((await import('fastify-fastapi')).fastapi, { idempotency: options })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
  })

  it('refuses a Redis URL nothing answers at, at startup', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    const { fastapi } = await import('fastify-fastapi')
    await expect(app.register(fastapi, { idempotency: { redis: 'redis://127.0.0.1:1' } })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID' })
  })
})
