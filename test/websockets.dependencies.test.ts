import Fastify from 'fastify'
import { connect as connectTcp } from 'node:net'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, HTTPException, OAuth2PasswordBearer, Security, fastapi } from 'fastify-fastapi'
import { CloseCode, WebSocketException } from 'fastify-fastapi/websockets'
import { deferred } from './helpers/deferred.js'
import { connect, listen, refusal } from './helpers/websockets.js'

// FastAPI's `@app.websocket` with `Depends`: inputs validated and dependencies solved before
// the upgrade (a refusal is an HTTP answer, as FastAPI on uvicorn gives one), cleanup once the
// socket has closed, overrides reaching it.

async function app () {
  const app = Fastify()
  await app.register(fastapi, { websockets: {} })
  return app
}

const token = Depends({ query: z.object({ token: z.string().optional() }) }, ({ query }) => {
  if (query.token !== 'secret') throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return { name: 'alice' }
})

describe('websocket routes with dependencies', () => {
  it('validates path and query, solves the dependencies, and hands the handler typed values', async () => {
    const server = await app()
    server.api.websocket('/items/{item_id}/ws', {
      params: z.object({ item_id: z.coerce.number().int() }),
      query: z.object({ q: z.string().optional() }),
      deps: { user: token },
    }, ({ params, query, deps, socket }) => {
      socket.send({ item_id: params.item_id, q: query.q ?? null, user: deps.user.name })
    })
    const base = await listen(server)
    const client = await connect(`${base}/items/3/ws?token=secret&q=hi`)
    expect(await client.next()).toEqual({ item_id: 3, q: 'hi', user: 'alice' })
  })

  it('refuses the upgrade with the HTTPException a dependency raises: its status, headers and body', async () => {
    const server = await app()
    let handled = false
    server.api.websocket('/ws', { deps: { user: token } }, () => { handled = true })
    const base = await listen(server)
    const refused = await refusal(`${base}/ws?token=wrong`)
    expect(refused.status).toBe(401)
    expect(refused.headers['www-authenticate']).toBe('Bearer')
    expect(refused.body).toEqual({ detail: 'Not authenticated' })
    expect(handled).toBe(false)
  })

  it('refuses an upgrade whose inputs fail with 403 and the validation items (FastAPI closes before accept: a 403 on uvicorn)', async () => {
    const server = await app()
    server.api.websocket('/items/{item_id}/ws', { params: z.object({ item_id: z.coerce.number().int() }) }, () => undefined)
    const base = await listen(server)
    const refused = await refusal(`${base}/items/foo/ws`)
    expect(refused.status).toBe(403)
    expect(refused.body).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
    })
  })

  it('runs a generator dependency\'s cleanup once the socket has closed, not when the handler returns', async () => {
    const server = await app()
    const events: string[] = []
    const cleaned = deferred()
    const session = Depends(async function * session () {
      events.push('open')
      try {
        yield 'db'
      } finally {
        events.push('cleanup')
        cleaned.resolve()
      }
    })
    server.api.websocket('/ws', { deps: { db: session } }, ({ deps, socket }) => {
      events.push(`handler ${deps.db}`)
      socket.send({ ready: true })
    })
    const base = await listen(server)
    const client = await connect(`${base}/ws`)
    expect(await client.next()).toEqual({ ready: true })
    expect(events).toEqual(['open', 'handler db'])
    client.socket.close(1000)
    await cleaned.promise
    expect(events).toEqual(['open', 'handler db', 'cleanup'])
  })

  it('cleans the dependencies up when the handshake fails after them (ws refuses an unknown protocol version)', async () => {
    const server = await app()
    const cleaned = deferred()
    let handled = false
    const session = Depends(async function * session () {
      try {
        yield 'db'
      } finally {
        cleaned.resolve()
      }
    })
    server.api.websocket('/ws', { deps: { db: session } }, () => { handled = true })
    const base = await listen(server)
    const { port } = new URL(base)
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(Number(port), '127.0.0.1', () => {
        socket.write('GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n\r\n')
      })
      let text = ''
      socket.on('data', (chunk) => { text += chunk.toString() })
      socket.on('close', () => { resolve(text) })
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    await cleaned.promise
    expect(handled).toBe(false)
  })

  it('throws the handler\'s error into the generators and closes with 1011', async () => {
    const server = await app()
    const seen = deferred<unknown>()
    const session = Depends(async function * session () {
      try {
        yield 'db'
      } catch (error) {
        seen.resolve(error)
        throw error
      }
    })
    server.api.websocket('/ws', { deps: { db: session } }, async ({ socket }) => {
      await socket.receive()
      throw new Error('boom')
    })
    const base = await listen(server)
    const client = await connect(`${base}/ws`)
    client.sendJson({ hello: 1 })
    expect(await client.closed).toEqual({ code: 1011, reason: 'Internal Server Error' })
    expect(await seen.promise).toMatchObject({ message: 'boom' })
  })

  it('answers FastAPI\'s WebSocketException: 403 before the upgrade, a close with its code and reason after', async () => {
    const server = await app()
    const cookieOrToken = Depends({ query: z.object({ token: z.string().optional() }), cookies: z.object({ session: z.string().optional() }) }, ({ query, cookies }) => {
      const value = cookies.session ?? query.token
      if (value === undefined) throw new WebSocketException(CloseCode.policyViolation, 'No session or token')
      return value
    })
    server.api.websocket('/items/{item_id}/ws', { params: z.object({ item_id: z.string() }), deps: { cookieOrToken } }, async ({ socket }) => {
      await socket.receive()
      throw new WebSocketException(4000, 'Bye')
    })
    const base = await listen(server)
    const refused = await refusal(`${base}/items/foo/ws`)
    expect(refused.status).toBe(403)
    expect(refused.body).toEqual({ detail: 'No session or token' })
    const client = await connect(`${base}/items/foo/ws`, { headers: { cookie: 'session=abc' } })
    client.socket.send('hi')
    expect(await client.closed).toEqual({ code: 4000, reason: 'Bye' })
  })

  it('uses app.dependencyOverrides for a websocket route', async () => {
    const server = await app()
    server.api.websocket('/ws', { deps: { user: token } }, ({ deps, socket }) => { socket.send({ user: deps.user.name }) })
    server.dependencyOverrides.set(token, () => ({ name: 'test-user' }))
    const base = await listen(server)
    const client = await connect(`${base}/ws`)
    expect(await client.next()).toEqual({ user: 'test-user' })
  })

  it('serves websocket routes of an APIRouter under its prefix, with the router\'s dependencies', async () => {
    const server = await app()
    const calls: string[] = []
    const audit = Depends(() => { calls.push('audit') })
    const router = new APIRouter({ prefix: '/chat', dependencies: [audit] })
    router.websocket('/{room}', { params: z.object({ room: z.string() }) }, ({ params, socket }) => { socket.send({ room: params.room }) })
    await server.register(router)
    const base = await listen(server)
    const client = await connect(`${base}/chat/lobby`)
    expect(await client.next()).toEqual({ room: 'lobby' })
    expect(calls).toEqual(['audit'])
  })

  it('solves Security dependencies with their scopes before the upgrade: no bearer token, 401; one, the socket opens', async () => {
    const server = await app()
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token', scopes: { 'orders:read': 'Read orders' } })
    const currentUser = Depends({ deps: { token: oauth2Scheme } }, ({ deps, securityScopes }) => ({ token: deps.token, scopes: securityScopes.scopes }))
    server.api.websocket('/ws', { deps: { user: Security(currentUser, ['orders:read']) } }, ({ deps, socket }) => { socket.send(deps.user) })
    const base = await listen(server)
    const refused = await refusal(`${base}/ws`)
    expect(refused.status).toBe(401)
    expect(refused.body).toEqual({ detail: 'Not authenticated' })
    const client = await connect(`${base}/ws`, { headers: { authorization: 'Bearer abc' } })
    expect(await client.next()).toEqual({ token: 'abc', scopes: ['orders:read'] })
  })

  it('answers a plain GET on a websocket path with 404, running no dependency', async () => {
    const server = await app()
    let ran = false
    server.api.websocket('/ws', { deps: { user: Depends(() => { ran = true }) } }, () => undefined)
    await server.ready()
    const res = await server.inject({ url: '/ws' })
    expect(res.statusCode).toBe(404)
    expect(ran).toBe(false)
  })
})
