// FastAPI's "Extra Data Types": a response model writes a Date, a Set, a Map and bytes as
// pydantic 2 writes a datetime, a set, a dict and bytes; models without them keep the
// compiled serializer.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

const HOUR = 3_600_000

describe('extra data types in a response model', () => {
  it('answers the Extra Data Types tutorial: a UUID path param, datetimes, a time and a duration in seconds', async () => {
    const app = await buildApp()
    const Times = z.object({
      item_id: z.uuid(),
      start_datetime: z.date(),
      end_datetime: z.date(),
      process_after: z.number(),
      repeat_at: z.iso.time().nullable(),
      start_process: z.date(),
      duration: z.number(),
    })
    app.api.put('/items/{item_id}', {
      params: z.object({ item_id: z.uuid() }),
      // FastAPI's Body() fields; zod has no timedelta: a number of seconds stands for it.
      body: { start_datetime: z.coerce.date(), end_datetime: z.coerce.date(), process_after: z.number(), repeat_at: z.iso.time().nullable().default(null) },
      response: Times,
    }, async function read_items ({ params, body }) {
      const startProcess = new Date(body.start_datetime.getTime() + body.process_after * 1000)
      return {
        item_id: params.item_id,
        ...body,
        start_process: startProcess,
        duration: (body.end_datetime.getTime() - startProcess.getTime()) / 1000,
      }
    })
    const itemId = 'ff97dd87-a4a5-4a12-b412-cde99f33e00e'
    const res = await app.inject({
      method: 'PUT',
      url: `/items/${itemId}`,
      payload: { start_datetime: '2018-12-22T14:00:00+00:00', end_datetime: '2018-12-24T15:00:00+00:00', repeat_at: '15:30:00', process_after: 300 },
    })
    expect(res.statusCode, res.body).toBe(200)
    // pydantic 2 with a response model writes UTC as `Z` (FastAPI's test, without one, reads `+00:00`).
    expect(res.body).toBe(JSON.stringify({
      item_id: itemId,
      start_datetime: '2018-12-22T14:00:00Z',
      end_datetime: '2018-12-24T15:00:00Z',
      process_after: 300,
      repeat_at: '15:30:00',
      start_process: '2018-12-22T14:05:00Z',
      duration: 176100,
    }))
  })

  it('writes a Date with milliseconds as pydantic writes microseconds: six digits', async () => {
    const app = await buildApp()
    app.api.get('/event', { response: z.object({ at: z.date() }) }, () => ({ at: new Date(Date.UTC(2018, 11, 22, 14, 0, 0, 123)) }))
    const res = await app.inject('/event')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('{"at":"2018-12-22T14:00:00.123000Z"}')
  })

  it('sends a set as a list, as pydantic sends `set[str]` and `frozenset[str]`', async () => {
    const app = await buildApp()
    const Item = z.object({ name: z.string(), tags: z.set(z.string()), seen: z.array(z.set(z.date())) })
    app.api.get('/items/foo', { response: Item }, () => ({
      name: 'Foo',
      tags: new Set(['rock', 'metal', 'rock']),
      seen: [new Set([new Date(14 * HOUR)])],
    }))
    const res = await app.inject('/items/foo')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('{"name":"Foo","tags":["rock","metal"],"seen":[["1970-01-01T14:00:00Z"]]}')
  })

  it('sends bytes as their UTF-8 text and a Map as an object, as pydantic sends `bytes` and `dict`', async () => {
    const app = await buildApp()
    const File = z.object({ content: z.instanceof(Buffer), raw: z.instanceof(Uint8Array), sizes: z.map(z.string(), z.number()) })
    app.api.get('/files/notes', { response: File }, () => ({
      content: Buffer.from('héllo'),
      raw: new TextEncoder().encode('wörld'),
      sizes: new Map([['a.txt', 3]]),
    }))
    const res = await app.inject('/files/notes')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('{"content":"héllo","raw":"wörld","sizes":{"a.txt":3}}')
  })

  it('writes them the same way through a response filter (response_model_exclude_unset)', async () => {
    const app = await buildApp()
    const Item = z.object({ tags: z.set(z.string()), at: z.date(), note: z.string().optional() })
    app.api.get('/items/foo', { response: Item, responseModelExcludeUnset: true }, () => ({ tags: new Set(['a']), at: new Date(0) }))
    const res = await app.inject('/items/foo')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('{"tags":["a"],"at":"1970-01-01T00:00:00Z"}')
  })
})
