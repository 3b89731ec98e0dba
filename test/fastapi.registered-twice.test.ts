import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends, fastapi, HTTPException } from 'fastify-fastapi'
import fastapiBackground from 'fastify-fastapi/background'
import fastapiDepends from 'fastify-fastapi/depends'
import fastapiDocs from 'fastify-fastapi/docs'
import fastapiErrors from 'fastify-fastapi/errors'
import fastapiRouting from 'fastify-fastapi/routing'

// A fastify-plugin user registers what a route needs without tracking what an earlier plugin
// registered: a plugin registered again joins the first registration, as long as it asks
// for nothing the first one did not set up.
function fastify (): FastifyInstance {
  const app = Fastify()
  onTestFinished(() => app.close())
  return app
}

const PLUGINS = { errors: fastapiErrors, depends: fastapiDepends, background: fastapiBackground, docs: fastapiDocs, routing: fastapiRouting }

describe('a plugin registered twice', () => {
  it.each(Object.entries(PLUGINS))('joins the preset when the app registers the %s plugin after it', async (_name, plugin) => {
    const app = fastify()
    await app.register(fastapi)
    await app.register(plugin)
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => {
      if (params.item_id === 0) throw new HTTPException(404, 'Item not found')
      return params
    })

    const found = await app.inject('/items/3')
    expect(found.statusCode, found.body).toBe(200)
    expect(found.json()).toEqual({ item_id: 3 })
    const missing = await app.inject('/items/0')
    expect(missing.statusCode, missing.body).toBe(404)
    expect(missing.json()).toEqual({ detail: 'Item not found' })
  })

  it.each(Object.entries(PLUGINS))('joins its first registration when the %s plugin is registered twice', async (_name, plugin) => {
    const app = fastify()
    await app.register(plugin)
    await app.register(plugin)
    await expect(app.ready()).resolves.toBe(app)
  })

  it('lets the preset join plugins the app registered before it, configured as the app set them', async () => {
    const app = fastify()
    await app.register(fastapiErrors, { format: 'problem' })
    await app.register(fastapi)
    app.api.get('/teapot', () => { throw new HTTPException(418, 'I am a teapot') })

    const res = await app.inject('/teapot')
    expect(res.statusCode, res.body).toBe(418)
    expect(res.json()).toEqual({ type: 'about:blank', title: "I'm a Teapot", status: 418, detail: 'I am a teapot', instance: '/teapot' })
  })

  it('joins the registration of the parent scope inside a child plugin, with its dependencies', async () => {
    const app = fastify()
    const calls: string[] = []
    const audit = Depends(function audit () { calls.push('audit') })
    await app.register(fastapiDepends, { dependencies: [audit] })
    await app.register(async (child) => {
      await child.register(fastapiDepends)
      child.get('/child', { deps: { answer: Depends(() => 42) } }, async (request) => request.deps)
    })

    const res = await app.inject('/child')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ answer: 42 })
    expect(calls).toEqual(['audit'])
  })

  it('refuses a second registration with other options, naming the plugin and what to do', async () => {
    const app = fastify()
    await app.register(fastapi)
    await expect(app.register(fastapiErrors, { format: 'problem' })).rejects.toMatchObject({
      code: 'FFA_ERR_PLUGIN_OPTIONS_CONFLICT',
      message: "fastify-fastapi/errors is registered twice with different options (format): the second registration would ignore them. Register it once with its options; under the fastapi preset, configure it through the preset's option of that name, or switch that part off there (`{ errors: false }` for the errors plugin) and register the plugin yourself.",
    })
  })

  it('refuses the preset registered twice with other options', async () => {
    const app = fastify()
    await app.register(fastapi, { docs: false })
    await expect(app.register(fastapi, { routing: false })).rejects.toMatchObject({ code: 'FFA_ERR_PLUGIN_OPTIONS_CONFLICT' })
  })

  it('registers a plugin again in a sibling scope, which the first does not reach', async () => {
    const app = fastify()
    const calls: string[] = []
    const mark = (name: string) => Depends(function mark () { calls.push(name) })
    await app.register(async (one) => {
      await one.register(fastapiDepends, { dependencies: [mark('one')] })
      one.get('/one', { deps: {} }, async () => 'one')
    })
    await app.register(async (two) => {
      await two.register(fastapiDepends, { dependencies: [mark('two')] })
      two.get('/two', { deps: {} }, async () => 'two')
    })

    expect((await app.inject('/one')).body).toBe('one')
    expect((await app.inject('/two')).body).toBe('two')
    expect(calls).toEqual(['one', 'two'])
  })
})
