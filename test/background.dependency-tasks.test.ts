import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, depsOf } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

function writeLog (events: string[], message: string) {
  events.push(message)
}

describe('background tasks from dependencies', () => {
  it('runs the tasks of a dependency, its sub-dependency and the handler from one list, in the order they were added', async () => {
    const app = await buildApp()
    const events: string[] = []
    const done = deferred()
    // FastAPI's "Dependency Injection" example for BackgroundTasks: a dependency logs the query.
    const getQuery = Depends({ query: z.object({ q: z.string().optional() }) }, function getQuery ({ query, background }) {
      if (query.q !== undefined) background.add(writeLog, events, `found query: ${query.q}`)
      return query.q
    })
    const audited = Depends({ deps: { q: getQuery } }, async function audited ({ deps, background }) {
      background.add(async (message: string) => { await Promise.resolve(); writeLog(events, message) }, `audit of ${String(deps.q)}`)
      return deps.q
    })
    app.api.post('/send-notification/{email}', {
      params: z.object({ email: z.string() }),
      deps: { q: audited },
    }, ({ params, background }) => {
      background.add(writeLog, events, `message to ${params.email}`)
      background.add(() => done.resolve())
      return { message: 'Message sent' }
    })

    const res = await app.inject({ method: 'POST', url: '/send-notification/rick@example.com?q=portal' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ message: 'Message sent' })
    await done.promise
    expect(events).toEqual(['found query: portal', 'audit of portal', 'message to rick@example.com'])
  })

  it('gives the handler and every dependency the same BackgroundTasks', async () => {
    const app = await buildApp()
    const seen: unknown[] = []
    const first = Depends(function first ({ background }) { seen.push(background); return 1 })
    const second = Depends({ deps: { first } }, function second ({ background }) { seen.push(background); return 2 })
    app.api.get('/same', { deps: { second } }, ({ background, reply }) => {
      seen.push(background, reply.background)
      return { count: seen.length, same: seen.every((tasks) => tasks === seen[0]) }
    })

    const res = await app.inject('/same')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ count: 4, same: true })
  })

  it('shares the list between a dependency and a plain Fastify route\'s reply.background', async () => {
    const app = await buildApp()
    const events: string[] = []
    const done = deferred()
    const tracked = Depends(function tracked ({ background }) {
      background.add(writeLog, events, 'dependency task')
      return 'tracked'
    })
    const deps = { tracked }
    app.get('/plain', { deps }, async (request, reply) => {
      reply.background.add(writeLog, events, `handler task after ${depsOf(request, deps).tracked}`)
      reply.background.add(() => done.resolve())
      return { ok: true }
    })

    const res = await app.inject('/plain')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })
    await done.promise
    expect(events).toEqual(['dependency task', 'handler task after tracked'])
  })

  it('gives an app-scoped dependency no background (no request owns it)', async () => {
    const app = await buildApp()
    let seen: unknown = 'not called'
    const settings = Depends({ scope: 'app' }, function settings ({ background }) {
      seen = background
      return { dsn: 'postgres://' }
    })
    app.api.get('/settings', { deps: { settings } }, ({ deps }) => deps.settings)

    const res = await app.inject('/settings')
    expect(res.statusCode, res.body).toBe(200)
    expect(seen).toBeUndefined()
  })
})
