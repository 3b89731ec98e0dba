import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { asUser, buildTestApp, countRows } from './helpers.js'

// Two instances of the shop on one Redis and one database, behind a client that sends each
// request to the next instance in turn (a round-robin load balancer): they behave as one
// service. The Redis is a private redis-server of this file, so the shop's own key names
// meet no other test's.

type App = Awaited<ReturnType<typeof buildTestApp>>['app']

let redisUrl = ''
let redisServer: ChildProcess | undefined
// At the top level: a hook registered inside beforeAll is never run, and the server outlived every run.
afterAll(() => { redisServer?.kill('SIGKILL') })
beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number }
      probe.close(() => resolve(free))
    })
  })
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] })
  redisServer = server
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('Ready to accept connections')) resolve() })
    server.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}`)))
  })
  // Its output is not needed any more, and an open pipe would keep vitest's worker alive.
  server.stdout.destroy()
  server.unref()
  redisUrl = `redis://127.0.0.1:${port}`
}, 30_000)

async function twoInstances () {
  // Each test from an empty Redis: a login limit counted by the last one would still hold.
  execFileSync('redis-cli', ['-u', redisUrl, 'FLUSHALL'])
  const one = await buildTestApp({ redisUrl })
  const two = await buildTestApp({ redisUrl })
  const apps = [one.app, two.app]
  let turn = 0
  // The round-robin client.
  const next = (): App => apps[turn++ % 2] as App
  return { one: one.app, two: two.app, next, db: two.db }
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const logIn = (app: App, password = 'correct horse') => app.inject({ method: 'POST', url: '/token', headers: FORM, payload: new URLSearchParams({ username: 'johndoe', password }).toString() })
const refresh = (app: App, token: string) => app.inject({ method: 'POST', url: '/token/refresh', headers: FORM, payload: new URLSearchParams({ refresh_token: token }).toString() })

describe('Two instances of the shop behind a round-robin client', { timeout: 90_000 }, () => {
  it('count one login limit for a username, whichever instance each guess reaches', async () => {
    const { next } = await twoInstances()
    const codes: number[] = []
    for (let guess = 0; guess < 6; guess++) codes.push((await logIn(next(), 'wrong horse')).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 401, 429])
  })

  it('detect a refresh token reused on the other instance, and revoke its whole login there too', async () => {
    const { one, two } = await twoInstances()
    const login = await logIn(one)
    expect(login.statusCode, login.body).toBe(200)
    const first = login.json<{ refresh_token: string }>().refresh_token

    const rotated = await refresh(two, first)
    expect(rotated.statusCode, rotated.body).toBe(200)
    const second = rotated.json<{ refresh_token: string }>().refresh_token
    // The stolen first token, replayed on the first instance: refused, and the login revoked.
    const replay = await refresh(one, first)
    expect(replay.statusCode, replay.body).toBe(400)
    const afterRevoke = await refresh(two, second)
    expect(afterRevoke.statusCode, afterRevoke.body).toBe(400)
  })

  it('place one order for an Idempotency-Key retried on the other instance, and answer both the same', async () => {
    const { next, db } = await twoInstances()
    const order = { method: 'POST' as const, url: '/orders/', headers: { ...asUser('johndoe'), 'idempotency-key': '0d6f8a3e-2c4b-4e8a-9f1d-7b6c5a4e3d2c' }, payload: { lines: [{ item_id: 1, quantity: 1 }] } }
    const answers = await Promise.all([next().inject(order), next().inject(order)])
    const created = answers.filter((res) => res.statusCode === 201)
    // One placed it; the other replayed its answer, or was told that it is still being placed.
    expect(created.length, answers.map((res) => res.body).join(' | ')).toBeGreaterThanOrEqual(1)
    for (const res of answers) expect([201, 409]).toContain(res.statusCode)
    const retry = await next().inject(order)
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.body).toBe((created[0] as { body: string }).body)
    expect(await countRows(db, 'orders')).toBe(1)
  })

  it('push an order placed through one instance to the user\'s websocket on the other', async () => {
    const { one, two } = await twoInstances()
    const address = await one.listen({ host: '127.0.0.1', port: 0 })
    const socket = new WebSocket(`${address.replace(/^http/, 'ws')}/orders/live`, { headers: asUser('johndoe') })
    const messages: unknown[] = []
    socket.on('message', (data) => { messages.push(JSON.parse(data.toString())) })
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject) })
    await expect.poll(() => messages).toEqual([{ type: 'subscribed', username: 'johndoe' }])

    const placed = await two.inject({ method: 'POST', url: '/orders/', headers: asUser('johndoe'), payload: { lines: [{ item_id: 1 }] } })
    expect(placed.statusCode, placed.body).toBe(201)
    await expect.poll(() => messages.length, { timeout: 10_000 }).toBe(2)
    expect(messages[1]).toMatchObject({ type: 'order_created', order: { id: placed.json<{ id: number }>().id } })
    socket.terminate()
  })

  it('run an export accepted by one instance once, its status and CSV readable from both', async () => {
    const { one, two } = await twoInstances()
    const started = await one.inject({ method: 'POST', url: '/reports/orders', headers: asUser('johndoe'), payload: { since: '2025-01-01' } })
    expect(started.statusCode, started.body).toBe(202)
    const location = started.headers.location as string
    await expect.poll(async () => (await two.inject({ url: location, headers: asUser('johndoe') })).json<{ status: string }>().status, { timeout: 30_000 }).toBe('succeeded')
    const job = (await one.inject({ url: location, headers: asUser('johndoe') })).json<{ attempts: number }>()
    expect(job.attempts).toBe(1)
    const id = started.json<{ id: string }>().id
    for (const app of [one, two]) {
      const csv = await app.inject({ url: `/reports/orders/${id}/csv`, headers: asUser('johndoe') })
      expect(csv.statusCode, csv.body).toBe(200)
    }
  })
})
