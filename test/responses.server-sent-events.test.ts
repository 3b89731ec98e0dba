import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, EventSourceResponse, ServerSentEvent } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'
import { listen } from './helpers/raw-http.js'

const Item = z.object({ name: z.string(), description: z.string().nullable() }).meta({ id: 'Item' })
const items = [
  { name: 'Plumbus', description: 'A multi-purpose household device.' },
  { name: 'Portal Gun', description: 'A portal opening device.' },
  { name: 'Meeseeks Box', description: 'A box that summons a Meeseeks.' },
]

// FastAPI's "Server-Sent Events (SSE)" (docs_src/server_sent_events, FastAPI 0.135).
describe('server-sent events', () => {
  it('streams each yielded item as a data: event through the model, text/event-stream, no-cache, unbuffered (tutorial001)', async () => {
    const app = await buildApp()
    app.api.get('/items/stream', { responseClass: EventSourceResponse, response: Item }, async function * sse_items () {
      for (const item of items) yield { ...item, internal: 'never sent' }
    })

    const res = await app.inject('/items/stream')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.headers['x-accel-buffering']).toBe('no')
    expect(res.body).toBe(
      'data: {"name":"Plumbus","description":"A multi-purpose household device."}\n\n' +
      'data: {"name":"Portal Gun","description":"A portal opening device."}\n\n' +
      'data: {"name":"Meeseeks Box","description":"A box that summons a Meeseeks."}\n\n')
  })

  it('streams a sync generator too, and items as JSON without a model', async () => {
    const app = await buildApp()
    app.api.get('/items/stream-no-async', { responseClass: EventSourceResponse }, function * () {
      yield 'hello'
      yield { n: 1 }
    })

    const res = await app.inject('/items/stream-no-async')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('data: "hello"\n\ndata: {"n":1}\n\n')
  })

  it('writes every field of a ServerSentEvent: comment, event, data, id, retry (tutorial002)', async () => {
    const app = await buildApp()
    app.api.get('/items/stream', { responseClass: EventSourceResponse, response: Item }, async function * () {
      yield new ServerSentEvent({ comment: 'stream of item updates' })
      for (const [index, item] of items.slice(0, 2).entries()) {
        yield new ServerSentEvent({ data: item, event: 'item_update', id: String(index + 1), retry: 5000 })
      }
    })

    const res = await app.inject('/items/stream')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe(
      ': stream of item updates\n\n' +
      'event: item_update\ndata: {"name":"Plumbus","description":"A multi-purpose household device."}\nid: 1\nretry: 5000\n\n' +
      'event: item_update\ndata: {"name":"Portal Gun","description":"A portal opening device."}\nid: 2\nretry: 5000\n\n')
  })

  it('sends rawData as it is, one data: line per line, as the SSE spec splits them (tutorial003)', async () => {
    const app = await buildApp()
    app.api.get('/logs/stream', { responseClass: EventSourceResponse }, async function * () {
      yield new ServerSentEvent({ rawData: '2025-01-01 INFO  Application started' })
      yield new ServerSentEvent({ rawData: 'line one\nline two\r\nline three', event: 'log' })
      yield new ServerSentEvent({ comment: 'two\ncomments' })
    })

    const res = await app.inject('/logs/stream')
    expect(res.body).toBe(
      'data: 2025-01-01 INFO  Application started\n\n' +
      'event: log\ndata: line one\ndata: line two\ndata: line three\n\n' +
      ': two\n: comments\n\n')
  })

  it('resumes after the Last-Event-ID the browser sends back (tutorial004)', async () => {
    const app = await buildApp()
    app.api.get('/items/stream', {
      responseClass: EventSourceResponse,
      headers: z.object({ last_event_id: z.number().int().nullable().default(null) }),
    }, async function * ({ headers }) {
      const start = headers.last_event_id === null ? 0 : headers.last_event_id + 1
      for (const [index, item] of items.entries()) {
        if (index >= start) yield new ServerSentEvent({ data: item, id: String(index) })
      }
    })

    const res = await app.inject({ url: '/items/stream', headers: { 'last-event-id': '0' } })
    expect(res.body.split('\n').filter((line) => line.startsWith('id: '))).toEqual(['id: 1', 'id: 2'])
  })

  it('refuses a ServerSentEvent with a multi-line event or id, data with rawData, a negative retry', () => {
    expect(() => new ServerSentEvent({ event: 'a\nb' })).toThrow(expect.objectContaining({ code: 'FFA_ERR_SSE_EVENT_INVALID' }))
    expect(() => new ServerSentEvent({ id: 'a\rb' })).toThrow(/'id' must be a single line/)
    expect(() => new ServerSentEvent({ id: 'a\0b' })).toThrow(/null characters/)
    expect(() => new ServerSentEvent({ data: 1, rawData: '1' })).toThrow(/both 'data' and 'rawData'/)
    expect(() => new ServerSentEvent({ retry: -1 })).toThrow(/'retry'/)
  })

  it('sends a ": ping" comment when the generator is idle for the keep-alive interval', async () => {
    class QuickPing extends EventSourceResponse {
      static override pingInterval = 20
    }
    const app = await buildApp()
    app.api.get('/slow', { responseClass: QuickPing }, async function * () {
      await new Promise((resolve) => setTimeout(resolve, 200))
      yield 'late'
    })

    const res = await app.inject('/slow')
    // One ping per 20 ms of silence: at most 10 in 200 ms (a timer fires late on a busy
    // machine, never early), and more than one.
    const pings = /^((?:: ping\n\n)*)data: "late"\n\n$/.exec(res.body)?.[1]
    expect(pings?.length, res.body).toBeDefined()
    expect((pings as string).length / ': ping\n\n'.length).toBeGreaterThanOrEqual(2)
    expect((pings as string).length / ': ping\n\n'.length).toBeLessThanOrEqual(10)
  })

  it('cuts the stream and logs a ResponseValidationError when an item does not fit the model', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    let stopped = false
    app.api.get('/items/stream', { responseClass: EventSourceResponse, response: Item }, async function * () {
      try {
        yield items[0] as z.input<typeof Item>
        // The types refuse it too: a value from outside, unchecked, that only the model can catch.
        yield { name: 42 } as unknown as z.input<typeof Item>
        yield items[1] as z.input<typeof Item>
      } finally {
        stopped = true
      }
    })

    // Its head is sent: the connection is cut, as FastAPI's is, and the client sees a broken stream.
    await expect(app.inject('/items/stream')).rejects.toThrow('response destroyed before completion')
    await new Promise((resolve) => setImmediate(resolve))
    expect(stopped).toBe(true)
    expect(logs.lines.some((line) => (line.err as { type?: string } | undefined)?.type === 'ResponseValidationError')).toBe(true)
  })

  it("stops the generator and runs its dependencies' cleanup when the client goes away (a real socket)", async () => {
    const events: string[] = []
    const app = await buildApp()
    const session = Depends(async function * session () {
      events.push('session opened')
      try {
        yield 'db'
      } finally {
        events.push('session closed')
      }
    })
    let disconnected!: () => void
    const gone = new Promise<void>((resolve) => { disconnected = resolve })
    app.api.get('/events', { responseClass: EventSourceResponse, deps: { db: session } }, async function * ({ deps }) {
      try {
        for (let n = 0; ; n++) {
          yield { n, db: deps.db }
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      } finally {
        events.push('generator stopped')
        setTimeout(disconnected, 50)
      }
    })
    const port = await listen(app)

    await new Promise<void>((resolve, reject) => {
      const request = http.get({ port, host: '127.0.0.1', path: '/events' }, (response) => {
        expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
        response.once('data', (chunk: Buffer) => {
          expect(chunk.toString()).toBe('data: {"n":0,"db":"db"}\n\n')
          request.destroy()
          resolve()
        })
      })
      request.on('error', (error) => { if ((error as { code?: string }).code !== 'ECONNRESET') reject(error) })
    })
    await gone
    expect(events).toEqual(['session opened', 'generator stopped', 'session closed'])
  })

  it('answers HEAD with the head only, without running an endless generator', async () => {
    const app = await buildApp()
    let yielded = 0
    app.api.get('/events', { responseClass: EventSourceResponse }, async function * () {
      for (;;) yield ++yielded
    })

    const res = await app.inject({ method: 'HEAD', url: '/events' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(res.body).toBe('')
    expect(yielded).toBe(0)
  })

  it('refuses at registration an EventSourceResponse route whose handler is not a generator', async () => {
    const app = await buildApp()
    // @ts-expect-error  EventSourceResponse streams what a generator yields: a string is refused by the types first
    expect(() => app.api.get('/events', { responseClass: EventSourceResponse }, () => 'one')).toThrow(
      expect.objectContaining({ code: 'FFA_ERR_ROUTE_RESPONSE_CLASS' }))
  })
})

// FastAPI 0.134's "Stream JSON Lines" (docs_src/stream_json_lines): a generator handler, no response class.
describe('JSON Lines', () => {
  it('streams each yielded item as one JSON line, application/jsonl, through the model (tutorial001)', async () => {
    const app = await buildApp()
    app.api.get('/items/stream', { response: Item }, async function * stream_items () {
      for (const item of items) yield { ...item, internal: 'never sent' }
    })

    const res = await app.inject('/items/stream')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('application/jsonl')
    expect(res.headers['x-accel-buffering']).toBe('no')
    expect(res.body.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual(items)
  })

  it('streams a sync generator without a model, each value as JSON', async () => {
    const app = await buildApp()
    app.api.get('/items/stream-no-async-no-annotation', function * () {
      yield* items.map((item) => item.name)
    })

    const res = await app.inject('/items/stream-no-async-no-annotation')
    expect(res.body).toBe('"Plumbus"\n"Portal Gun"\n"Meeseeks Box"\n')
  })

  it('refuses at registration a per-status response map on a streaming route', async () => {
    const app = await buildApp()
    expect(() => app.api.get('/items/stream', { response: { 200: Item } }, async function * () { yield items[0] as z.input<typeof Item> })).toThrow(
      expect.objectContaining({ code: 'FFA_ERR_ROUTE_SCHEMA_INVALID' }))
  })
  it.each([false, true])('sends its head before the first event, over HTTP (an async onSend hook: %s)', async (hooked) => {
    const app = await buildApp()
    // An onSend hook that finishes later (a header from a store): its header is in the head too.
    if (hooked) app.addHook('onSend', async (_request, reply, payload) => { await new Promise((resolve) => setTimeout(resolve, 5)); reply.header('x-hook', 'ran'); return payload })
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    app.api.get('/later', { responseClass: EventSourceResponse }, async function * () {
      await released
      yield 'first'
    })
    const port = await listen(app)
    try {
      // The head, while the generator still waits: EventSource's `open` before any event.
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(`http://127.0.0.1:${port}/later`, resolve).on('error', reject))
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
      expect(response.headers['x-hook']).toBe(hooked ? 'ran' : undefined)
      release()
      let body = ''
      for await (const chunk of response) body += String(chunk)
      expect(body).toBe('data: "first"\n\n')
    } finally {
      release()
      await app.close()
    }
  })
})
