import { describe, expect, it } from 'vitest'
import { Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

// FastAPI 0.106 to 0.117 ran the code after a dependency's `yield` before the background
// tasks, so a task could no longer use the session; 0.118 brought the older order back, and it
// is scope="request"'s (the default) today. We follow it: request-scoped cleanup waits for the
// tasks. Function-scoped cleanup runs before the response, so before them too.
describe('background tasks and dependency cleanup', () => {
  it('runs request-scoped cleanup after the background tasks, which can still use the yielded session', async () => {
    const app = await buildApp()
    const events: string[] = []
    const cleanedUp = deferred()
    const getSession = Depends(async function * getSession () {
      const session = { open: true, writes: [] as string[] }
      events.push('session opened')
      try {
        yield session
      } finally {
        session.open = false
        events.push(`session closed after writes: ${session.writes.join(', ')}`)
        cleanedUp.resolve()
      }
    })
    async function saveAudit (session: { open: boolean, writes: string[] }, entry: string) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      events.push(`task ran, session open: ${String(session.open)}`)
      session.writes.push(entry)
    }
    app.api.post('/orders', { deps: { session: getSession } }, ({ deps, background }) => {
      background.add(saveAudit, deps.session, 'order placed')
      background.add(saveAudit, deps.session, 'stock updated')
      events.push('handler')
      return { ok: true }
    })

    const res = await app.inject({ method: 'POST', url: '/orders' })
    events.push('response received')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })
    await cleanedUp.promise
    expect(events).toEqual([
      'session opened', 'handler', 'response received',
      'task ran, session open: true', 'task ran, session open: true',
      'session closed after writes: order placed, stock updated',
    ])
  })

  it('runs function-scoped cleanup before the response, so before the tasks', async () => {
    const app = await buildApp()
    const events: string[] = []
    const done = deferred()
    const lock = Depends({ scope: 'function' }, function * lock () {
      events.push('lock taken')
      yield 'lock'
      events.push('lock released')
    })
    app.addHook('onResponse', async () => { events.push('response sent') })
    app.api.get('/work', { deps: { lock } }, ({ background }) => {
      background.add(function afterResponse () { events.push('task'); done.resolve() })
      events.push('handler')
      return null
    })

    const res = await app.inject('/work')
    expect(res.statusCode, res.body).toBe(200)
    await done.promise
    expect(events).toEqual(['lock taken', 'handler', 'lock released', 'response sent', 'task'])
  })

  it('cleans up after the tasks even when one of them fails', async () => {
    const app = await buildApp()
    const events: string[] = []
    const cleanedUp = deferred()
    const getSession = Depends(function * getSession () {
      yield 'session'
      events.push('cleanup')
      cleanedUp.resolve()
    })
    app.api.get('/work', { deps: { session: getSession } }, ({ background }) => {
      background.add(function failing () { events.push('failing task'); throw new Error('boom') })
      background.add(function next () { events.push('next task') })
      return null
    })

    const res = await app.inject('/work')
    expect(res.statusCode, res.body).toBe(200)
    await cleanedUp.promise
    expect(events).toEqual(['failing task', 'next task', 'cleanup'])
  })

  it('cleans up a dependency that added tasks to a failed request at once, before the error response', async () => {
    const app = await buildApp()
    const events: string[] = []
    const getSession = Depends(function * getSession ({ background }) {
      background.add(function neverRuns () { events.push('task') })
      try {
        yield 'session'
      } catch (error) {
        events.push('rollback')
        throw error
      }
    })
    app.api.get('/work', { deps: { session: getSession } }, () => { throw new Error('boom') })

    const res = await app.inject('/work')
    events.push('response received')
    expect(res.statusCode, res.body).toBe(500)
    await app.close()
    expect(events).toEqual(['rollback', 'response received'])
  })
})
