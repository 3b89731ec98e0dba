import diagnostics from 'node:diagnostics_channel'
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'

// While an async onSend hook holds an answer, the route's promise settles once the response
// closes: on a keep-alive connection too, where the socket stays open. A promise that never
// settled would hold each request's closures for as long as the process lives.

describe('a route\'s promise under an async onSend hook', () => {
  it('settles for every request of a keep-alive connection', async () => {
    const app = await buildApp()
    app.addHook('onSend', async (_request, reply, payload) => {
      await sleep(2)
      reply.header('x-hook', 'ran')
      return payload
    })
    app.api.get('/items', async () => ({ ok: true }))
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    // Fastify publishes asyncEnd when a handler's promise has settled and it has acted on it.
    let settled = 0
    const handlers = { start () {}, end () {}, asyncStart () {}, asyncEnd () { settled++ }, error () {} }
    const channel = diagnostics.tracingChannel('fastify.request.handler')
    channel.subscribe(handlers)
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    try {
      for (let index = 0; index < 20; index++) {
        const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
          http.get(`${url}/items`, { agent }, (answer) => { answer.resume(); answer.on('end', () => { resolve(answer) }) }).on('error', reject)
        })
        expect(res.headers['x-hook']).toBe('ran')
      }
      await expect.poll(() => settled).toBe(20)
    } finally {
      channel.unsubscribe(handlers)
      agent.destroy()
      await app.close()
    }
  })
})
