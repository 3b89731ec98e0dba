import Fastify, { type FastifyServerOptions } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import fastapiBackground, { BackgroundTasks } from 'fastify-fastapi/background'
import { captureLogs } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

function fastify (options: FastifyServerOptions = {}) {
  const app = Fastify(options)
  onTestFinished(() => app.close())
  return app
}

describe('the background plugin on its own', () => {
  it('gives plain Fastify routes reply.background, stats and a draining close, without the preset', async () => {
    const app = fastify()
    await app.register(fastapiBackground, { drainTimeoutMs: 1000 })
    const events: string[] = []
    const started = deferred()
    const release = deferred()
    app.get('/', async (_request, reply) => {
      expect(reply.background).toBeInstanceOf(BackgroundTasks)
      reply.background.add(async function slow () { started.resolve(); await release.promise; events.push('slow') })
      reply.background.add(function quick () { events.push('quick') })
      return { ok: true }
    })

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })
    await started.promise
    expect(app.backgroundTasks.stats()).toEqual({ pending: 1, running: 1, failed: 0, completed: 0 })
    const closed = app.close()
    release.resolve()
    await closed
    expect(events).toEqual(['slow', 'quick'])
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 2 })
  })

  it('reaches routes in encapsulated child plugins (it is wrapped with fastify-plugin)', async () => {
    const app = fastify()
    await app.register(fastapiBackground)
    const done = deferred<string>()
    await app.register(async (child) => {
      child.get('/child', async (_request, reply) => {
        reply.background.add((where: string) => done.resolve(where), 'child')
        return null
      })
    }, { prefix: '/v1' })

    const res = await app.inject('/v1/child')
    expect(res.statusCode, res.body).toBe(200)
    expect(await done.promise).toBe('child')
  })

  it('answers FFA_ERR_PLUGIN_MISSING (a logged 500) when a FastAPI-style handler asks for background with the part switched off', async () => {
    const logs = captureLogs()
    const app = fastify({ logger: { stream: logs.stream } })
    await app.register(fastapi, { background: false })
    app.api.get('/', ({ background }) => { background.add(() => {}); return null })

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(logs.lines.find((line) => line.level === 50)?.err).toMatchObject({
      code: 'FFA_ERR_PLUGIN_MISSING',
      message: 'BackgroundTasks needs the background (fastify-fastapi/background, or the fastapi preset) plugin: register it first, in the same scope or a parent.',
    })
    expect(app.hasDecorator('backgroundTasks')).toBe(false)
  })

  it('lets FastAPI-style routes read background when registered beside the parts, not through the preset', async () => {
    const app = fastify()
    await app.register(fastapi, { background: false })
    await app.register(fastapiBackground)
    const done = deferred<number>()
    app.api.get('/items/{id}', { params: z.object({ id: z.int() }) }, ({ params, background }) => {
      background.add((id: number) => done.resolve(id), params.id)
      return params
    })

    const res = await app.inject('/items/7')
    expect(res.statusCode, res.body).toBe(200)
    expect(await done.promise).toBe(7)
  })
})
