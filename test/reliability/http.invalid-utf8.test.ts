import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from '../helpers/app.js'

const Item = z.object({ name: z.string() })

function post (payload: Buffer, contentType = 'application/json') {
  return { method: 'POST' as const, url: '/items/', headers: { 'content-type': contentType }, payload }
}

// {"name":"<bytes>"}
const withName = (bytes: number[]) => Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')])

describe('Invalid UTF-8 in a JSON body', () => {
  it('refuses bytes that are not UTF-8 inside a string with 400 {"detail":"There was an error parsing the body"}, as FastAPI does', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject(post(withName([0x46, 0xff, 0xfe, 0x6f])))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'There was an error parsing the body' })
  })

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
  ])('refuses %s', async (_, bytes) => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject(post(withName(bytes)))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'There was an error parsing the body' })
  })

  it('refuses it in a body sent without Content-Type to a route that reads such a body as JSON (strictContentType: false)', async () => {
    const app = await buildApp({ routing: { strictContentType: false } })
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: withName([0x46, 0xff, 0xfe, 0x6f]) })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'There was an error parsing the body' })
  })

  it('refuses it in a +json content type too', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject(post(withName([0xff]), 'application/merge-patch+json'))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'There was an error parsing the body' })
  })

  it('accepts valid UTF-8, U+FFFD sent as such included', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject(post(Buffer.from('{"name":"Fõõ \uFFFD 🍕"}')))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Fõõ \uFFFD 🍕' })
  })
})
