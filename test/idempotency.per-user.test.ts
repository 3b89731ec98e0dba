import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// Keys scoped per identity (the second argument, as a RateLimit's key): two users' same key
// never meet; a request with no identity does not use its key.

const currentUser = Depends({ headers: z.object({ x_user: z.string().optional() }) }, ({ headers }) => {
  if (headers.x_user === 'nobody') throw new HTTPException(401, 'Not authenticated')
  return headers.x_user === undefined ? null : { id: headers.x_user }
})

describe('Idempotency-Keys per user', () => {
  it('keeps two users\' same key apart, by a function of the dependency\'s deps', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    const key = Idempotency({ deps: { user: currentUser } }, ({ deps }) => deps.user?.id)
    app.api.post('/orders/', { deps: { key } }, () => ({ order: ++runs }))
    const as = (user: string) => ({ method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'same', 'x-user': user }, payload: { item: 'pen' } })

    expect((await app.inject(as('alice'))).json()).toEqual({ order: 1 })
    expect((await app.inject(as('bob'))).json()).toEqual({ order: 2 })
    expect((await app.inject(as('alice'))).json()).toEqual({ order: 1 })
    expect((await app.inject(as('bob'))).json()).toEqual({ order: 2 })
    expect(runs).toBe(2)
  })

  it('takes a dependency whose value is the identity', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    const userId = Depends({ deps: { user: currentUser } }, ({ deps }) => deps.user?.id)
    app.api.post('/orders/', { deps: { key: Idempotency({}, userId) } }, () => ({ order: ++runs }))
    const as = (user: string) => ({ method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'k', 'x-user': user } })
    await app.inject(as('alice'))
    await app.inject(as('bob'))
    expect((await app.inject(as('alice'))).json()).toEqual({ order: 1 })
    expect(runs).toBe(2)
  })

  it('does not use the key of a request with no identity: it runs each time, and the handler gets null', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    const key = Idempotency({ deps: { user: currentUser } }, ({ deps }) => deps.user?.id)
    app.api.post('/orders/', { deps: { key } }, ({ deps }) => ({ order: ++runs, key: deps.key }))
    const anonymous = { method: 'POST' as const, url: '/orders/', headers: { 'idempotency-key': 'k' } }
    expect((await app.inject(anonymous)).json()).toEqual({ order: 1, key: null })
    expect((await app.inject(anonymous)).json()).toEqual({ order: 2, key: null })
  })

  it('answers the identity\'s own refusal (401) before claiming the key: the retry with credentials runs', async () => {
    const app = await buildApp({ idempotency: {} })
    const key = Idempotency({ deps: { user: currentUser } }, ({ deps }) => deps.user?.id)
    app.api.post('/orders/', { deps: { key } }, () => 'created')
    const refused = await app.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': 'k', 'x-user': 'nobody' } })
    expect(refused.statusCode).toBe(401)
    const ok = await app.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': 'k', 'x-user': 'alice' } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.headers['idempotent-replayed']).toBeUndefined()
  })

  it('keeps an identity with a colon apart from a key with one', async () => {
    const app = await buildApp({ idempotency: {} })
    let runs = 0
    app.api.post('/orders/', { deps: { key: Idempotency({ deps: { user: currentUser } }, ({ deps }) => deps.user?.id) } }, () => ({ order: ++runs }))
    await app.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': 'b:c', 'x-user': 'a' } })
    expect((await app.inject({ method: 'POST', url: '/orders/', headers: { 'idempotency-key': 'c', 'x-user': 'a:b' } })).json()).toEqual({ order: 2 })
  })
})
