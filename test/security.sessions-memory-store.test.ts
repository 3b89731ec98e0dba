import { describe, expect, it } from 'vitest'
import { MemorySessionStore, type StoredSession } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { addSessionRoutes, login, SECRET } from './helpers/sessions.js'

// The default store: sessions in this process, each gone `ttl` after its last save, at most
// `maxSessions` of them, swept so that abandoned ones give their memory back.

function get (store: MemorySessionStore, id: string): StoredSession | null | undefined {
  let result: StoredSession | null | undefined
  store.get(id, (error, session) => { if (error !== null && error !== undefined) throw error; result = session })
  return result
}

function set (store: MemorySessionStore, id: string, session: StoredSession): void {
  store.set(id, session, (error) => { if (error !== undefined) throw error })
}

function clockedStore (ttl: number, maxSessions = 100) {
  const clock = { now: 1_000_000 }
  const store = new MemorySessionStore({ ttl, maxSessions, now: () => clock.now })
  return { clock, store }
}

describe('the memory session store', () => {
  it('gives a session back until its ttl has passed since it was saved, then none', async () => {
    const { clock, store } = clockedStore(1000)
    set(store, 'a', { user: { username: 'johndoe' } })

    clock.now += 999
    expect(get(store, 'a')).toEqual({ user: { username: 'johndoe' } })
    clock.now += 1
    expect(get(store, 'a')).toBeNull()
    expect(store.size).toBe(0)
    await store.close()
  })

  it('starts the time again at each save', async () => {
    const { clock, store } = clockedStore(1000)
    set(store, 'a', { n: 1 })
    clock.now += 800
    set(store, 'a', { n: 2 })
    clock.now += 800
    expect(get(store, 'a')).toEqual({ n: 2 })
    await store.close()
  })

  it('keeps a copy: changing the object after a save changes nothing stored', async () => {
    const { store } = clockedStore(1000)
    const session: StoredSession = { cart: [1] }
    set(store, 'a', session)
    ;(session.cart as number[]).push(2)
    const read = get(store, 'a') as StoredSession
    ;(read.cart as number[]).push(3)
    expect(get(store, 'a')).toEqual({ cart: [1] })
    await store.close()
  })

  it('sweeps expired sessions it is never asked about again, oldest first', async () => {
    const { clock, store } = clockedStore(1000)
    set(store, 'old', {})
    clock.now += 500
    set(store, 'new', {})
    clock.now += 600
    store.sweep()
    expect(store.size).toBe(1)
    expect(get(store, 'new')).toEqual({})
    await store.close()
  })

  it('sweeps on a timer too, without keeping the process alive', async () => {
    const store = new MemorySessionStore({ ttl: 50, maxSessions: 100 })
    for (let index = 0; index < 20; index++) set(store, `s${index}`, {})
    expect(store.size).toBe(20)
    // Every 50 ms; a loaded machine may run the timer late.
    for (let waited = 0; store.size > 0 && waited < 3000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(store.size).toBe(0)
    await store.close()
  })

  it('holds at most maxSessions: past it, the session saved longest ago is dropped', async () => {
    const { clock, store } = clockedStore(60_000, 3)
    for (const id of ['a', 'b', 'c']) { set(store, id, { id }); clock.now += 1 }
    set(store, 'a', { id: 'a', again: true }) //  a is now the most recent
    set(store, 'd', { id: 'd' })

    expect(store.size).toBe(3)
    expect(get(store, 'b')).toBeNull()
    expect(get(store, 'a')).toEqual({ id: 'a', again: true })
    expect(get(store, 'c')).toEqual({ id: 'c' })
    expect(get(store, 'd')).toEqual({ id: 'd' })
    await store.close()
  })

  it('forgets a destroyed session, and everything when closed', async () => {
    const { store } = clockedStore(1000)
    set(store, 'a', {})
    set(store, 'b', {})
    store.destroy('a', () => {})
    expect(get(store, 'a')).toBeNull()
    await store.close()
    expect(store.size).toBe(0)
  })

  it('is the default: a session of an app expires after the ttl, and the app bounds how many it keeps', async () => {
    const app = await buildApp({ sessions: { secret: SECRET, ttl: 1000 } })
    addSessionRoutes(app)
    const { cookie } = await login(app)
    expect((await app.inject({ url: '/users/me', headers: { cookie } })).statusCode).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect((await app.inject({ url: '/users/me', headers: { cookie } })).statusCode).toBe(401)

    const bounded = await buildApp({ sessions: { secret: SECRET, maxSessions: 2 } })
    addSessionRoutes(bounded)
    const sessions = [await login(bounded), await login(bounded), await login(bounded)]
    const statuses = await Promise.all(sessions.map(async ({ cookie: one }) => (await bounded.inject({ url: '/users/me', headers: { cookie: one } })).statusCode))
    expect(statuses).toEqual([401, 200, 200])
  })
})
