import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

/** Requests `path` over a real socket and hangs up once the handler has started; resolves when the server saw it. */
async function leaveMidRequest (app: FastifyInstance, path: string, handlerStarted: Promise<void>, connectionClosed: Promise<void>): Promise<void> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const request = http.request({ host: '127.0.0.1', port, path })
  request.on('error', () => {})
  request.end()
  await handlerStarted
  request.destroy()
  await connectionClosed
}

describe('background tasks run after the response', () => {
  it('lets the client read its whole response over a real socket before a slow task starts', async () => {
    const app = await buildApp()
    const events: string[] = []
    const clientHasResponse = deferred()
    const done = deferred()
    let handlerReply: FastifyReply | undefined
    async function slowTask (email: string) {
      // Whether the last byte had left the server when the task began.
      events.push(`slow task started, response finished: ${String(handlerReply?.raw.writableFinished)}`)
      await clientHasResponse.promise
      events.push(`slow task wrote to ${email}`)
    }
    function nextTask () {
      events.push('next task')
      done.resolve()
    }
    app.api.post('/send-notification/{email}', { params: z.object({ email: z.string() }) }, ({ params, background, reply }) => {
      handlerReply = reply
      background.add(slowTask, params.email)
      background.add(nextTask)
      events.push('handler returned')
      return { message: 'Notification sent in the background' }
    })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })

    const res = await fetch(`${url}/send-notification/rick@example.com`, { method: 'POST' })
    const body = await res.text()
    events.push('client has response')
    expect(res.status, body).toBe(200)
    expect(JSON.parse(body)).toEqual({ message: 'Notification sent in the background' })
    clientHasResponse.resolve()
    await done.promise

    // The slow task may start before or after fetch returns; it waits either way, so only its
    // start (after the last byte was written) and its end (after the client read it) are fixed.
    expect(events.filter((event) => !event.startsWith('slow task started'))).toEqual([
      'handler returned', 'client has response', 'slow task wrote to rick@example.com', 'next task',
    ])
    expect(events).toContain('slow task started, response finished: true')
  })

  it('does not hold the response of a handler whose task never ends', async () => {
    const app = await buildApp({ background: { drainTimeoutMs: 0 } })
    const never = new Promise<void>(() => {})
    const started = deferred()
    app.api.get('/stuck', ({ background }) => {
      background.add(async function stuckTask () { started.resolve(); await never })
      return { ok: true }
    })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })

    const res = await fetch(`${url}/stuck`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    await started.promise
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 1, failed: 0, completed: 0 })
  })

  it('runs the accepted tasks, in order, once the handler returns, when the client went away before it did', async () => {
    const app = await buildApp()
    const events: string[] = []
    const handlerStarted = deferred()
    const connectionClosed = deferred()
    const release = deferred()
    const done = deferred()
    app.api.get('/slow', async ({ background, reply }) => {
      reply.raw.once('close', () => {
        events.push('client gone')
        connectionClosed.resolve()
      })
      background.add(function addedBeforeTheClientLeft () { events.push('first task') })
      handlerStarted.resolve()
      await release.promise
      background.add(function addedAfterTheClientLeft () { events.push('second task'); done.resolve() })
      events.push('handler returned')
      return { ok: true }
    })
    await leaveMidRequest(app, '/slow', handlerStarted.promise, connectionClosed.promise)
    release.resolve()
    await done.promise
    // FastAPI runs a request's tasks only after its handler returned: so do we, client or not.
    expect(events).toEqual(['client gone', 'handler returned', 'first task', 'second task'])
    await app.close()
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 2 })
  })

  it('drops the accepted tasks when the handler fails after the client went away', async () => {
    const app = await buildApp()
    const ran: string[] = []
    const handlerStarted = deferred()
    const connectionClosed = deferred()
    const release = deferred()
    const failed = deferred()
    app.api.get('/slow', async ({ background, reply }) => {
      reply.raw.once('close', () => connectionClosed.resolve())
      background.add(function mustNotRun () { ran.push('mustNotRun') })
      handlerStarted.resolve()
      await release.promise
      failed.resolve()
      throw new HTTPException(409, 'Conflict')
    })
    await leaveMidRequest(app, '/slow', handlerStarted.promise, connectionClosed.promise)
    release.resolve()
    await failed.promise
    await app.close()
    expect(ran).toEqual([])
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 0 })
  })
})
