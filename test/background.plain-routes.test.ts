import { describe, expect, it } from 'vitest'
import { buildApp, captureLogs } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

describe('reply.background on plain Fastify routes', () => {
  it('runs the tasks of a plain async route after its response, in order', async () => {
    const app = await buildApp()
    const events: string[] = []
    const done = deferred()
    app.addHook('onResponse', async () => { events.push('response sent') })
    app.post<{ Params: { email: string } }>('/send-notification/:email', async (request, reply) => {
      reply.background.add((email: string, message: string) => { events.push(`${message} for ${email}`) }, request.params.email, 'notification')
      reply.background.add(async () => { await Promise.resolve(); events.push('second'); done.resolve() })
      return { message: 'Notification sent in the background' }
    })

    const res = await app.inject({ method: 'POST', url: '/send-notification/rick@example.com' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ message: 'Notification sent in the background' })
    await done.promise
    expect(events).toEqual(['response sent', 'notification for rick@example.com', 'second'])
  })

  it('runs the tasks of a route that answers with reply.send()', async () => {
    const app = await buildApp()
    const done = deferred<string>()
    app.get('/callback', (_request, reply) => {
      reply.background.add((value: string) => done.resolve(value), 'ran')
      reply.send({ ok: true })
    })

    const res = await app.inject('/callback')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })
    expect(await done.promise).toBe('ran')
  })

  it('returns the same BackgroundTasks each time it is read in a request', async () => {
    const app = await buildApp()
    app.get('/same', async (_request, reply) => ({ same: reply.background === reply.background }))

    const res = await app.inject('/same')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ same: true })
  })

  it('drops the tasks of a plain route that throws, with the warning', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    const events: string[] = []
    app.get('/fails', async (_request, reply) => {
      reply.background.add(function neverRuns () { events.push('ran') })
      throw new Error('boom')
    })

    const res = await app.inject('/fails')
    expect(res.statusCode, res.body).toBe(500)
    await app.close()
    expect(events).toEqual([])
    expect(logs.lines.filter((line) => line.level === 40).map((line) => line.tasks)).toEqual([['neverRuns']])
  })

  it('refuses a task that is not a function when it is added: a server error, logged', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.get('/bad', async (_request, reply) => {
      // @ts-expect-error  a string is not a task
      reply.background.add('sendEmail')
      return null
    })

    const res = await app.inject('/bad')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    const error = logs.lines.find((line) => line.level === 50)
    expect(error?.err).toMatchObject({ type: 'TypeError', message: 'background.add(fn, ...args): fn must be a function; got string' })
  })
})
