import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Idempotency } from 'fastify-fastapi'
import { requestFingerprint } from '../src/idempotency/fingerprint.js'
import { buildApp } from './helpers/app.js'

// The draft's fingerprint: method, URL and the body as parsed, its keys sorted; a form's
// fields as well as JSON.

const request = (body: unknown, method = 'POST', url = '/orders/') => ({ method, url, body }) as FastifyRequest

describe('the fingerprint of a request', () => {
  it('is one for one body whatever its keys\' order, and another for another method, URL or body', () => {
    const base = requestFingerprint(request({ a: 1, b: { c: [1, 2], d: null } }))
    expect(requestFingerprint(request({ b: { d: null, c: [1, 2] }, a: 1 }))).toBe(base)
    expect(requestFingerprint(request({ a: 1, b: { c: [2, 1], d: null } }))).not.toBe(base)
    expect(requestFingerprint(request({ a: 1, b: { c: [1, 2], d: null } }, 'PATCH'))).not.toBe(base)
    expect(requestFingerprint(request({ a: 1, b: { c: [1, 2], d: null } }, 'POST', '/orders/?x=1'))).not.toBe(base)
    expect(base).toMatch(/^[0-9a-f]{64}$/)
  })

  it('reads bytes, dates, an absent field and a cycle without failing', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    expect(requestFingerprint(request({ file: Buffer.from('abc') }))).not.toBe(requestFingerprint(request({ file: Buffer.from('abd') })))
    expect(requestFingerprint(request({ at: new Date(0) }))).toBe(requestFingerprint(request({ at: '1970-01-01T00:00:00.000Z' })))
    expect(requestFingerprint(request({ a: 1, b: undefined }))).toBe(requestFingerprint(request({ a: 1 })))
    expect(requestFingerprint(request(undefined))).toBe(requestFingerprint(request(null)))
    expect(() => requestFingerprint(request(cyclic))).not.toThrow()
    expect(requestFingerprint(request({ n: 10n }))).not.toBe(requestFingerprint(request({ n: 10 })))
  })

  it('replays a form request with the same fields, and answers 422 to other fields', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.api.post('/subscribe', { form: z.object({ email: z.string(), plan: z.string() }), deps: { key: Idempotency() } }, ({ form }) => ({ run: ++runs, ...form }))
    const post = (payload: string) => app.inject({ method: 'POST', url: '/subscribe', headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'f1' }, payload })
    expect((await post('email=a%40b.c&plan=pro')).json()).toEqual({ run: 1, email: 'a@b.c', plan: 'pro' })
    const retry = await post('plan=pro&email=a%40b.c')
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect((await post('email=a%40b.c&plan=free')).statusCode).toBe(422)
    expect(runs).toBe(1)
  })
})
