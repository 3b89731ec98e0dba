import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

describe('background task order', () => {
  it('runs sync and async tasks one after another, in the order they were added, each with its own arguments', async () => {
    const app = await buildApp()
    const events: string[] = []
    const done = deferred()
    function syncTask (name: string) { events.push(`sync ${name}`) }
    async function asyncTask (name: string, delayMs: number) {
      events.push(`async ${name} started`)
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      events.push(`async ${name} finished`)
    }
    app.api.post('/send', ({ background }) => {
      background.add(asyncTask, 'a', 30)
      background.add(syncTask, 'b')
      // The shorter sleep comes second: it still waits for the first async task.
      background.add(asyncTask, 'c', 1)
      background.add(syncTask, 'd')
      background.add(() => done.resolve())
      events.push('handler')
      return { message: 'queued' }
    })

    const res = await app.inject({ method: 'POST', url: '/send' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ message: 'queued' })
    await done.promise
    expect(events).toEqual([
      'handler',
      'async a started', 'async a finished',
      'sync b',
      'async c started', 'async c finished',
      'sync d',
    ])
  })

  it("keeps each request's tasks in its own list, in order within each", async () => {
    const app = await buildApp()
    const events: string[] = []
    app.api.get('/run/{name}', { params: z.object({ name: z.string() }) }, ({ params, background }) => {
      background.add(async (name: string) => { await new Promise((resolve) => setTimeout(resolve, 5)); events.push(`${name} 1`) }, params.name)
      background.add((name: string) => { events.push(`${name} 2`) }, params.name)
      return null
    })

    await Promise.all([app.inject('/run/x'), app.inject('/run/y')])
    await app.close()
    expect(events.filter((event) => event.startsWith('x'))).toEqual(['x 1', 'x 2'])
    expect(events.filter((event) => event.startsWith('y'))).toEqual(['y 1', 'y 2'])
    expect(events).toHaveLength(4)
  })

  it('does not make a request that adds no task wait for anything', async () => {
    const app = await buildApp()
    app.api.get('/plain', () => ({ ok: true }))

    const res = await app.inject('/plain')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 0 })
  })
})
