import { describe, expect, it } from 'vitest'
import { Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// The draft's 400 for a missing key (on a route that requires one) and a key that cannot
// be read; keys of at most `maxKeyLength` characters (255, Stripe's), a longer one 400 too.

async function app (options: Parameters<typeof Idempotency>[0] = {}) {
  const instance = await buildApp({ idempotency: {} })
  let runs = 0
  instance.api.post('/orders/', { deps: { key: Idempotency(options) } }, () => ({ run: ++runs }))
  return { instance, runs: () => runs }
}

const post = (headers: Record<string, string>) => ({ method: 'POST' as const, url: '/orders/', headers, payload: { item: 'pen' } })

describe('Idempotency-Key limits', () => {
  it('answers 400 to a request without a key when the route requires one, before reading its body', async () => {
    const { instance, runs } = await app({ required: true })
    const missing = await instance.inject(post({}))
    expect(missing.statusCode, missing.body).toBe(400)
    expect(missing.json()).toEqual({ detail: 'Idempotency-Key is missing: this operation requires an Idempotency-Key header with a unique key, such as a UUID' })
    const malformed = await instance.inject({ method: 'POST', url: '/orders/', headers: { 'content-type': 'application/json' }, payload: '{not json' })
    expect(malformed.statusCode, malformed.body).toBe(400)
    expect(runs()).toBe(0)
  })

  it('takes a key of 255 characters by default, and answers 400 to one of 256', async () => {
    const { instance } = await app()
    expect((await instance.inject(post({ 'idempotency-key': 'k'.repeat(255) }))).statusCode).toBe(200)
    const long = await instance.inject(post({ 'idempotency-key': 'k'.repeat(256) }))
    expect(long.statusCode, long.body).toBe(400)
    expect(long.json()).toEqual({ detail: 'Idempotency-Key is too long: at most 255 characters' })
  })

  it('counts the key, not its quotes, against maxKeyLength', async () => {
    const { instance } = await app({ maxKeyLength: 8 })
    expect((await instance.inject(post({ 'idempotency-key': '"12345678"' }))).statusCode).toBe(200)
    expect((await instance.inject(post({ 'idempotency-key': '123456789' }))).statusCode).toBe(400)
  })

  it.each([
    ['an empty key', ''],
    ['an empty quoted key', '""'],
    ['a quoted key left open', '"abc'],
    ['text after the closing quote', '"abc"def'],
    ['an unknown escape', '"a\\bc"'],
    ['a character outside printable ASCII', 'clé'],
  ])('answers 400 to %s', async (_name, value) => {
    const { instance, runs } = await app()
    const refused = await instance.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': Buffer.from(value, 'utf8').toString('latin1') } })
    expect(refused.statusCode, refused.body).toBe(400)
    expect(refused.json()).toEqual({ detail: 'Idempotency-Key is invalid: send a non-empty string of printable ASCII characters, such as a UUID' })
    expect(runs()).toBe(0)
  })

  it('reads the draft\'s escapes in a quoted key', async () => {
    const instance = await buildApp({ idempotency: {} })
    instance.api.post('/echo', { deps: { key: Idempotency() } }, ({ deps }) => ({ key: deps.key }))
    expect((await instance.inject({ method: 'POST', url: '/echo', headers: { 'idempotency-key': '"a\\"b\\\\c"' } })).json()).toEqual({ key: 'a"b\\c' })
  })

  it('bounds the memory store: past maxEntries the key stored longest ago is forgotten', async () => {
    const instance = await buildApp({ idempotency: { maxEntries: 2 } })
    let runs = 0
    instance.api.post('/orders/', { deps: { key: Idempotency() } }, () => ({ run: ++runs }))
    for (const key of ['a', 'b', 'c']) await instance.inject(post({ 'idempotency-key': key }))
    expect((await instance.inject(post({ 'idempotency-key': 'c' }))).json()).toEqual({ run: 3 })
    expect((await instance.inject(post({ 'idempotency-key': 'a' }))).json()).toEqual({ run: 4 })
  })

  it('sends but does not store an answer larger than maxBodySize: its key is released', async () => {
    const instance = await buildApp({ idempotency: { maxBodySize: 100 } })
    let runs = 0
    instance.api.post('/big', { deps: { key: Idempotency() } }, () => ({ run: ++runs, text: 'x'.repeat(200) }))
    instance.api.post('/small', { deps: { key: Idempotency() } }, () => ({ run: ++runs }))
    const big = { method: 'POST' as const, url: '/big', headers: { 'idempotency-key': 'b' } }
    expect((await instance.inject(big)).json().run).toBe(1)
    expect((await instance.inject(big)).json().run).toBe(2)
    const small = { method: 'POST' as const, url: '/small', headers: { 'idempotency-key': 's' } }
    await instance.inject(small)
    expect((await instance.inject(small)).headers['idempotent-replayed']).toBe('true')
  })
})
