import { describe, expect, it } from 'vitest'
import { MemorySessionStore, type StoredSession } from 'fastify-fastapi'
import { buildApp } from '../helpers/app.js'
import { addSessionRoutes, FORM, SECRET, sessionCookie } from '../helpers/sessions.js'

// Session fixation: an attacker gets a session id of the site (an anonymous visit gives one),
// plants it in the victim's browser, waits for the victim to log in, then uses the same id as
// the victim. The defence: a login issues a new id and destroys the old session.

function sessionIdOf (cookie: string): string {
  return decodeURIComponent(cookie.split('=')[1] as string).split('.')[0] as string
}

function storedSession (store: MemorySessionStore, id: string): Promise<StoredSession | null | undefined> {
  return new Promise((resolve, reject) => store.get(id, (error, session) => { if (error !== null && error !== undefined) reject(error); else resolve(session) }))
}

describe('session fixation', () => {
  it('does not keep a session id fixed before login: the login issues a new one and destroys the old', async () => {
    const store = new MemorySessionStore({ ttl: 60_000, maxSessions: 100 })
    const app = await buildApp({ sessions: { secret: SECRET, store } })
    addSessionRoutes(app)

    // The attacker's own visit: a real, signed session id of the site.
    const visit = await app.inject('/csrf')
    const fixed = sessionCookie(visit)
    expect(await storedSession(store, sessionIdOf(fixed))).toMatchObject({ _csrf: expect.any(String) })

    // The victim logs in with the attacker's cookie planted in the browser.
    const victim = await app.inject({ method: 'POST', url: '/login', headers: { ...FORM, cookie: fixed }, payload: 'username=johndoe&password=correct horse' })
    expect(victim.statusCode, victim.body).toBe(200)
    const issued = sessionCookie(victim)
    expect(sessionIdOf(issued)).not.toBe(sessionIdOf(fixed))

    // The victim's new cookie is logged in; the attacker's fixed one is not, and its session is gone.
    expect((await app.inject({ url: '/users/me', headers: { cookie: issued } })).json()).toEqual({ username: 'johndoe' })
    const attacker = await app.inject({ url: '/users/me', headers: { cookie: fixed } })
    expect(attacker.statusCode, attacker.body).toBe(401)
    expect(attacker.json()).toEqual({ detail: 'Not authenticated' })
    expect(await storedSession(store, sessionIdOf(fixed))).toBeNull()
  })

  it('issues a new id at each login, even over a session that is already logged in', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)

    const first = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=johndoe&password=correct horse' })
    const firstCookie = sessionCookie(first)
    const second = await app.inject({ method: 'POST', url: '/login', headers: { ...FORM, cookie: firstCookie }, payload: 'username=alice&password=wonderland' })
    const secondCookie = sessionCookie(second)

    expect(sessionIdOf(secondCookie)).not.toBe(sessionIdOf(firstCookie))
    expect((await app.inject({ url: '/users/me', headers: { cookie: secondCookie } })).json()).toEqual({ username: 'alice' })
    expect((await app.inject({ url: '/users/me', headers: { cookie: firstCookie } })).statusCode).toBe(401)
  })

  it('refuses an id the attacker made up: the login gets an id of the server', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)
    const madeUp = 'session=attacker-chosen-id.c2lnbmF0dXJl'

    const victim = await app.inject({ method: 'POST', url: '/login', headers: { ...FORM, cookie: madeUp }, payload: 'username=johndoe&password=correct horse' })
    const issued = sessionCookie(victim)
    expect(issued).not.toContain('attacker-chosen-id')
    expect((await app.inject({ url: '/users/me', headers: { cookie: madeUp } })).statusCode).toBe(401)
  })

  it('destroys the session at logout on the server: a copy of the cookie kept by anyone no longer works', async () => {
    const store = new MemorySessionStore({ ttl: 60_000, maxSessions: 100 })
    const app = await buildApp({ sessions: { secret: SECRET, store } })
    addSessionRoutes(app)
    const login = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=johndoe&password=correct horse' })
    const cookie = sessionCookie(login)
    const csrf = (login.json() as { csrf_token: string }).csrf_token

    const logout = await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'x-csrf-token': csrf } })
    expect(logout.statusCode, logout.body).toBe(200)
    expect(await storedSession(store, sessionIdOf(cookie))).toBeNull()
    expect(store.size).toBe(0)
    const replayed = await app.inject({ method: 'POST', url: '/cart', headers: { cookie, 'x-csrf-token': csrf }, payload: { item_id: 1 } })
    expect(replayed.statusCode, replayed.body).toBe(401)
  })
})
