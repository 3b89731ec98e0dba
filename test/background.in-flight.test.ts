import { describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

describe('a request in flight when the app closes', () => {
  it('still gets its response over its keep-alive connection, and its tasks run before app.close() resolves', async () => {
    const app = await buildApp()
    const events: string[] = []
    const handlerStarted = deferred()
    const release = deferred()
    app.api.post('/checkout', async ({ background }) => {
      events.push('handler started')
      handlerStarted.resolve()
      await release.promise
      background.add(async function sendReceipt () {
        await new Promise((resolve) => setTimeout(resolve, 20))
        events.push('receipt sent')
      })
      events.push('handler returned')
      return { status: 'paid' }
    })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })

    const response = fetch(`${url}/checkout`, { method: 'POST' })
    await handlerStarted.promise
    const closed = app.close().then(() => { events.push('app closed') })
    // The server stops listening at once: a new connection is refused.
    await expect(fetch(`${url}/checkout`, { method: 'POST' })).rejects.toThrow('fetch failed')
    release.resolve()

    const res = await response
    const body = await res.text()
    expect(res.status, body).toBe(200)
    expect(JSON.parse(body)).toEqual({ status: 'paid' })
    // fetch keeps the connection alive: close() must not wait for its keepAliveTimeout (72 s).
    await closed
    expect(events).toEqual(['handler started', 'handler returned', 'receipt sent', 'app closed'])
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 1 })
  })
})
