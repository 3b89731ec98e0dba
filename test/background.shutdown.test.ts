import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

describe('graceful shutdown with background tasks', () => {
  it('completes all 50 pending tasks of a request before app.close() resolves', async () => {
    const app = await buildApp()
    const ran: number[] = []
    const firstStarted = deferred()
    const release = deferred()
    async function sendInvoice (n: number) {
      if (n === 0) {
        firstStarted.resolve()
        await release.promise
      }
      await new Promise((resolve) => setTimeout(resolve, 1))
      ran.push(n)
    }
    app.api.post('/invoices', ({ background }) => {
      for (let n = 0; n < 50; n++) background.add(sendInvoice, n)
      return { queued: 50 }
    })

    const res = await app.inject({ method: 'POST', url: '/invoices' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ queued: 50 })
    await firstStarted.promise
    expect(app.backgroundTasks.stats()).toEqual({ pending: 49, running: 1, failed: 0, completed: 0 })

    const closed = app.close()
    release.resolve()
    await closed
    expect(ran).toEqual(Array.from({ length: 50 }, (_, n) => n))
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 50 })
  })

  it('completes 50 tasks of 50 requests, all pending at close', async () => {
    const app = await buildApp()
    const release = deferred()
    const ran = new Set<number>()
    app.api.post('/jobs/{n}', { params: z.object({ n: z.number().int() }) }, ({ params, background }) => {
      background.add(async function runJob (n: number) {
        await release.promise
        ran.add(n)
      }, params.n)
      return null
    })

    const responses = await Promise.all(Array.from({ length: 50 }, (_, n) => app.inject({ method: 'POST', url: `/jobs/${n}` })))
    expect(responses.map((res) => res.statusCode)).toEqual(Array(50).fill(200))
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 50, failed: 0, completed: 0 })

    const closed = app.close()
    setTimeout(release.resolve, 20)
    await closed
    expect(ran.size).toBe(50)
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 50 })
  })

  it('drains the tasks before closing the app-scoped dependencies they use', async () => {
    const app = await buildApp()
    const events: string[] = []
    const mailer = Depends({ scope: 'app' }, async function * mailer () {
      const client = { connected: true }
      yield client
      client.connected = false
      events.push('mailer closed')
    })
    app.api.post('/signup', { deps: { mailer } }, ({ deps, background }) => {
      background.add(async function welcome (client: { connected: boolean }) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        events.push(`welcome sent, mailer connected: ${String(client.connected)}`)
      }, deps.mailer)
      return null
    })

    const res = await app.inject({ method: 'POST', url: '/signup' })
    expect(res.statusCode, res.body).toBe(200)
    await app.close()
    expect(events).toEqual(['welcome sent, mailer connected: true', 'mailer closed'])
  })

  it('logs nothing about unfinished tasks when all finish in time', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.api.get('/', ({ background }) => {
      background.add(async function quick () { await new Promise((resolve) => setTimeout(resolve, 5)) })
      return null
    })

    await app.inject('/')
    await app.close()
    expect(logs.lines.filter((line) => Number(line.level) >= 40)).toEqual([])
  })
})
