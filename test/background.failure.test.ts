import { describe, expect, it } from 'vitest'
import { buildApp, captureLogs } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

describe('a failing background task', () => {
  it('is logged with the request id and the task name, and the tasks after it still run', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    const events: string[] = []
    const done = deferred()
    function throwsAtOnce (email: string) { throw new Error(`mail server refused ${email}`) }
    async function rejectsLater () {
      await Promise.resolve()
      throw new TypeError('no template')
    }
    app.api.post('/signup', ({ background }) => {
      background.add(throwsAtOnce, 'rick@example.com')
      background.add(function stillRuns () { events.push('second task ran') })
      background.add(rejectsLater)
      background.add(function lastTask () { events.push('last task ran'); done.resolve() })
      return { ok: true }
    })

    const res = await app.inject({ method: 'POST', url: '/signup' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })
    await done.promise
    expect(events).toEqual(['second task ran', 'last task ran'])

    const requestLine = logs.lines.find((line) => line.msg === 'incoming request')
    const reqId = requestLine?.reqId
    expect(reqId).toBeDefined()
    const failures = logs.lines.filter((line) => line.level === 50)
    expect(failures.map(({ reqId, task, msg }) => ({ reqId, task, msg }))).toEqual([
      { reqId, task: 'throwsAtOnce', msg: 'Background task throwsAtOnce failed' },
      { reqId, task: 'rejectsLater', msg: 'Background task rejectsLater failed' },
    ])
    expect(failures[0]?.err).toMatchObject({ type: 'Error', message: 'mail server refused rick@example.com' })
    expect(failures[1]?.err).toMatchObject({ type: 'TypeError', message: 'no template' })
    await app.close()
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 2, completed: 2 })
  })

  it('names an arrow function task "anonymous task" in its log line', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.api.get('/', ({ background }) => {
      // An inline arrow passed straight to add has no name to log.
      background.add(() => { throw new Error('boom') })
      return null
    })

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    await app.close()
    const failure = logs.lines.find((line) => line.level === 50)
    expect(failure).toMatchObject({ task: 'anonymous task', msg: 'Background task anonymous task failed', err: { message: 'boom' } })
  })

  it('does not touch the response, the next request, or other requests\' tasks', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    const events: string[] = []
    app.api.get('/fails', ({ background }) => {
      background.add(function failing () { throw new Error('boom') })
      return { route: 'fails' }
    })
    app.api.get('/works', ({ background }) => {
      background.add(function working () { events.push('works task ran') })
      return { route: 'works' }
    })

    const first = await app.inject('/fails')
    const second = await app.inject('/works')
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toEqual({ route: 'fails' })
    expect(second.statusCode, second.body).toBe(200)
    expect(second.json()).toEqual({ route: 'works' })
    await app.close()
    expect(events).toEqual(['works task ran'])
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 1, completed: 1 })
  })
})
