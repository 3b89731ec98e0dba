import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "Dependencies in path operation decorators" and "Global Dependencies".
const verifyToken = Depends({ headers: z.object({ x_token: z.string() }) }, async function verifyToken ({ headers }) {
  if (headers.x_token !== 'fake-super-secret-token') throw new HTTPException(400, 'X-Token header invalid')
})
const verifyKey = Depends({ headers: z.object({ x_key: z.string() }) }, async function verifyKey ({ headers }) {
  if (headers.x_key !== 'fake-super-secret-key') throw new HTTPException(403, 'X-Key header invalid')
  return headers.x_key
})
const goodHeaders = { 'x-token': 'fake-super-secret-token', 'x-key': 'fake-super-secret-key' }

function recording (events: string[], name: string) {
  return Depends({ name }, () => { events.push(name); return name })
}

describe('side-effect dependencies', () => {
  it("runs a route's dependencies before its handler and discards their values", async () => {
    const app = await buildApp()
    app.api.get('/items/', { dependencies: [verifyToken, verifyKey] }, ({ deps }) => ({ deps, items: [{ item: 'Foo' }, { item: 'Bar' }] }))

    const res = await app.inject({ url: '/items/', headers: goodHeaders })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ deps: {}, items: [{ item: 'Foo' }, { item: 'Bar' }] })
  })

  it('stops the request with the 400 or 403 an API-key check raises', async () => {
    const app = await buildApp()
    let handled = 0
    app.api.get('/items/', { dependencies: [verifyToken, verifyKey] }, () => { handled++; return [] })

    const badToken = await app.inject({ url: '/items/', headers: { ...goodHeaders, 'x-token': 'wrong' } })
    expect(badToken.statusCode, badToken.body).toBe(400)
    expect(badToken.json()).toEqual({ detail: 'X-Token header invalid' })
    const badKey = await app.inject({ url: '/items/', headers: { ...goodHeaders, 'x-key': 'wrong' } })
    expect(badKey.statusCode, badKey.body).toBe(403)
    expect(badKey.json()).toEqual({ detail: 'X-Key header invalid' })
    expect(handled).toBe(0)
  })

  it('answers 422 for the missing headers of both checks at once', async () => {
    const app = await buildApp()
    app.api.get('/items/', { dependencies: [verifyToken, verifyKey] }, () => [])

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['header', 'x-key'], msg: 'Field required', input: null },
      ],
    })
  })

  it("runs app, router and route dependencies in FastAPI's order, then deps, then the handler", async () => {
    const events: string[] = []
    const app = await buildApp({ depends: { dependencies: [recording(events, 'app')] } })
    const router = new APIRouter({ prefix: '/items', dependencies: [recording(events, 'router 1'), recording(events, 'router 2')] })
    router.get('/', { dependencies: [recording(events, 'route 1'), recording(events, 'route 2')], deps: { value: recording(events, 'deps') } },
      ({ deps }) => { events.push('handler'); return deps }
    )
    await app.register(router)

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ value: 'deps' })
    expect(events).toEqual(['app', 'router 1', 'router 2', 'route 1', 'route 2', 'deps', 'handler'])
  })

  it("applies app-level dependencies to every FastAPI-style route, as FastAPI(dependencies=[...]) does", async () => {
    const app = await buildApp({ depends: { dependencies: [verifyToken, verifyKey] } })
    app.api.get('/items/', () => [{ item: 'Portal Gun' }, { item: 'Plumbus' }])
    app.api.get('/users/', () => [{ username: 'Rick' }, { username: 'Morty' }])

    const items = await app.inject({ url: '/items/', headers: goodHeaders })
    expect(items.statusCode, items.body).toBe(200)
    expect(items.json()).toEqual([{ item: 'Portal Gun' }, { item: 'Plumbus' }])
    const users = await app.inject({ url: '/users/', headers: { ...goodHeaders, 'x-key': 'nope' } })
    expect(users.statusCode, users.body).toBe(403)
    expect(users.json()).toEqual({ detail: 'X-Key header invalid' })
  })

  it('applies router dependencies to every route of the router, under any prefix it is mounted at', async () => {
    const app = await buildApp()
    const router = new APIRouter({ prefix: '/items', dependencies: [verifyToken] })
    router.get('/', () => [{ item: 'Foo' }])
    router.get('/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => ({ item_id: params.item_id }))
    await app.register(router)
    await app.register(router, { prefix: '/v2' })
    app.api.get('/public', () => 'open')

    for (const url of ['/items/', '/items/foo', '/v2/items/', '/v2/items/foo']) {
      const refused = await app.inject({ url, headers: { 'x-token': 'wrong' } })
      expect(refused.statusCode, `${url}: ${refused.body}`).toBe(400)
      expect(refused.json()).toEqual({ detail: 'X-Token header invalid' })
    }
    const allowed = await app.inject({ url: '/v2/items/foo', headers: { 'x-token': 'fake-super-secret-token' } })
    expect(allowed.statusCode, allowed.body).toBe(200)
    expect(allowed.json()).toEqual({ item_id: 'foo' })
    const open = await app.inject('/public')
    expect(open.statusCode, open.body).toBe(200)
    expect(open.json()).toBe('open')
  })

  it('runs a dependency listed in dependencies and in deps once, and gives its value to deps', async () => {
    const app = await buildApp()
    let calls = 0
    const key = Depends(() => ++calls)
    app.api.get('/once', { dependencies: [key], deps: { key } }, ({ deps }) => deps)

    const res = await app.inject('/once')
    expect(res.json()).toEqual({ key: 1 })
    expect(calls).toBe(1)
  })

  it('stops at the first side-effect dependency that raises: the later ones do not run', async () => {
    const events: string[] = []
    const app = await buildApp()
    const refuse = Depends(function refuse () { events.push('refuse'); throw new HTTPException(401, 'Not authenticated') })
    app.api.get('/stop', { dependencies: [recording(events, 'first'), refuse, recording(events, 'after')], deps: { d: recording(events, 'deps') } }, () => {
      events.push('handler')
    })

    const res = await app.inject('/stop')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
    expect(events).toEqual(['first', 'refuse'])
  })
})
