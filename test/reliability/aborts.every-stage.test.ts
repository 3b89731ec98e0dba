import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { Depends, EventSourceResponse } from 'fastify-fastapi'
import { buildLoggedApp } from '../helpers/app.js'
import { deferred } from '../helpers/deferred.js'
import { listen } from '../helpers/raw-http.js'

// A client may hang up at any moment: while its request is read (http.client-abort, http.slow-body),
// while its upload is stored (uploads.cleanup), or at the stages below. Whenever it does, what
// the dependencies set up is cleaned up, once, and nothing is logged as a server error.

function tracked () {
  const events: string[] = []
  const getDb = Depends(async function* getDb () {
    events.push('connect')
    try {
      yield 'conn'
    } finally {
      events.push('release')
    }
  })
  return { events, getDb }
}

// Sends a whole request, then hangs up once `when` resolves.
async function hangUp (port: number, path: string, when: Promise<unknown>): Promise<string> {
  const socket = net.connect(port, '127.0.0.1')
  let received = ''
  socket.on('data', (chunk) => { received += chunk })
  socket.on('error', () => undefined)
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.write(`GET ${path} HTTP/1.1\r\nHost: shop.example\r\n\r\n`)
  await when
  socket.destroy()
  return received
}

const serverErrors = (lines: Array<Record<string, unknown>>) => lines.filter((line) => (line.level as number) >= 50)

describe('A client that hangs up', () => {
  it('while a dependency is still being set up: the dependency is cleaned up once it is set up and used', async () => {
    const { app, logs } = await buildLoggedApp()
    const events: string[] = []
    const started = deferred<void>()
    const gate = deferred<void>()
    const slowDb = Depends(async function* slowDb () {
      started.resolve()
      await gate.promise
      events.push('connect')
      try { yield 'conn' } finally { events.push('release') }
    })
    let ran = false
    app.api.get('/orders/', { deps: { db: slowDb } }, () => { ran = true; return [] })
    const port = await listen(app)

    await hangUp(port, '/orders/', started.promise)
    await new Promise((resolve) => setTimeout(resolve, 50))
    gate.resolve()
    await expect.poll(() => events).toEqual(['connect', 'release'])
    expect(serverErrors(logs.lines)).toEqual([])
    // FastAPI does not look for the client before the handler either: the work is done, the answer dropped.
    expect(ran).toBe(true)
  })

  it('while the handler runs: the cleanup waits for the handler, then runs', async () => {
    const { app, logs } = await buildLoggedApp()
    const { events, getDb } = tracked()
    const inHandler = deferred<void>()
    const finish = deferred<void>()
    app.api.get('/orders/', { deps: { db: getDb } }, async () => {
      inHandler.resolve()
      await finish.promise
      events.push('handler done')
      return []
    })
    const port = await listen(app)

    await hangUp(port, '/orders/', inHandler.promise)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(events).toEqual(['connect'])
    finish.resolve()
    await expect.poll(() => events).toEqual(['connect', 'handler done', 'release'])
    expect(serverErrors(logs.lines)).toEqual([])
  })

  it('in the middle of a server-sent event stream: the generator stops and the cleanup runs', async () => {
    const { app, logs } = await buildLoggedApp()
    const { events, getDb } = tracked()
    const firstSent = deferred<void>()
    let produced = 0
    app.api.get('/orders/live', { responseClass: EventSourceResponse, deps: { db: getDb } }, async function * () {
      try {
        for (;;) {
          produced++
          yield { n: produced }
          if (produced === 1) firstSent.resolve()
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      } finally {
        events.push('stream stopped')
      }
    })
    const port = await listen(app)

    await hangUp(port, '/orders/live', firstSent.promise)
    await expect.poll(() => events).toEqual(['connect', 'stream stopped', 'release'])
    const stoppedAt = produced
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(produced).toBe(stoppedAt)
    expect(serverErrors(logs.lines)).toEqual([])
  })

  it('after the response, while the background tasks run: they finish, then the cleanup runs', async () => {
    const { app, logs } = await buildLoggedApp()
    const { events, getDb } = tracked()
    const taskStarted = deferred<void>()
    const finishTask = deferred<void>()
    app.api.post('/orders/', { deps: { db: getDb } }, ({ background }) => {
      background.add(async () => {
        taskStarted.resolve()
        await finishTask.promise
        events.push('email sent')
      })
      return { id: 1 }
    })
    const port = await listen(app)

    const socket = net.connect(port, '127.0.0.1')
    socket.on('error', () => undefined)
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write('POST /orders/ HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 0\r\n\r\n')
    await taskStarted.promise
    socket.destroy()
    finishTask.resolve()
    await expect.poll(() => events).toEqual(['connect', 'email sent', 'release'])
    expect(serverErrors(logs.lines)).toEqual([])
  })

  it('1,000 times in a row at random moments: every dependency set up is cleaned up', async () => {
    const { app } = await buildLoggedApp()
    let open = 0
    let opened = 0
    const getDb = Depends(async function* getDb () {
      open++
      opened++
      try { yield 'conn' } finally { open-- }
    })
    app.api.get('/orders/', { deps: { db: getDb } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5))
      return []
    })
    const port = await listen(app)

    await Promise.all(Array.from({ length: 50 }, async () => {
      for (let index = 0; index < 20; index++) await hangUp(port, '/orders/', new Promise((resolve) => setTimeout(resolve, Math.random() * 6)))
    }))
    await expect.poll(() => open, { timeout: 5000 }).toBe(0)
    expect(opened).toBeGreaterThan(0)
  }, 20_000)

  it('is told apart from a server connection reset: a database ECONNRESET is answered 500, not dropped as a hang-up', async () => {
    const { app, logs } = await buildLoggedApp()
    app.api.get('/orders/', () => {
      throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' })
    })

    const res = await app.inject('/orders/')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(serverErrors(logs.lines).map((line) => line.msg)).toEqual(['read ECONNRESET'])
  })
})
