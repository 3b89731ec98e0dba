import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { buildLoggedApp } from './helpers/app.js'

// A route's answer is handed to the reply once, whatever mix of sync and async its handler and
// dependencies are. A handler's promise settles with nothing once the answer is out, and only
// when the response closes while an async onSend hook still holds it: either way Fastify never
// sends a second time, and no "Reply already sent" is logged.

const syncDep = Depends(function syncDep () { return 'sync' })
const asyncDep = Depends(async function asyncDep () { await sleep(1); return 'async' })
const cleanedDep = Depends(async function * cleanedDep () { yield 'cleaned' })

async function appWithSlowOnSend (holdOnSend: boolean) {
  const { app, logs } = await buildLoggedApp()
  // An onSend hook that finishes later, as an ETag or a compression hook does.
  if (holdOnSend) {
    app.addHook('onSend', async (_request, reply, payload) => {
      await sleep(5)
      reply.header('x-hook', 'ran')
      return payload
    })
  }
  app.api.get('/sync', () => ({ from: 'sync handler' }))
  app.api.get('/async', async () => { await sleep(1); return { from: 'async handler' } })
  app.api.get('/sync-deps', { deps: { value: syncDep } }, ({ deps }) => ({ from: deps.value }))
  app.api.get('/async-deps', { deps: { value: asyncDep } }, ({ deps }) => ({ from: deps.value }))
  app.api.get('/cleaned-deps', { deps: { value: cleanedDep } }, async ({ deps }) => ({ from: deps.value }))
  app.api.post('/form', { form: z.object({ name: z.string() }) }, ({ form }) => ({ from: form.name }))
  app.api.get('/stream', async function * () { yield { from: 'stream' } })
  return { app, logs }
}

const ROUTES: Array<[string, { method: 'GET' | 'POST', url: string, payload?: string, headers?: Record<string, string> }, string]> = [
  ['a sync handler', { method: 'GET', url: '/sync' }, '{"from":"sync handler"}'],
  ['an async handler', { method: 'GET', url: '/async' }, '{"from":"async handler"}'],
  ['a sync dependency', { method: 'GET', url: '/sync-deps' }, '{"from":"sync"}'],
  ['an async dependency', { method: 'GET', url: '/async-deps' }, '{"from":"async"}'],
  ['a dependency with cleanup', { method: 'GET', url: '/cleaned-deps' }, '{"from":"cleaned"}'],
  ['a form', { method: 'POST', url: '/form', payload: 'name=form', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, '{"from":"form"}'],
  ['a streamed answer', { method: 'GET', url: '/stream' }, '{"from":"stream"}\n'],
]

describe('answers of sync and async routes', () => {
  for (const holdOnSend of [false, true]) {
    it.each(ROUTES)(`answers once for %s${holdOnSend ? ', while an async onSend hook holds the answer' : ''}`, async (_name, request, body) => {
      const { app, logs } = await appWithSlowOnSend(holdOnSend)
      const res = await app.inject(request)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.body).toBe(body)
      // A stream's head goes out before its first item (EventSource's `open`), before such a hook ends.
      if (request.url !== '/stream') expect(res.headers['x-hook']).toBe(holdOnSend ? 'ran' : undefined)
      // A second send would be logged by Fastify at warn (and an error at error).
      await sleep(10)
      expect(logs.lines.filter((line) => (line.level as number) >= 40)).toEqual([])
      await app.close()
    })
  }
})
