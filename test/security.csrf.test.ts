import { describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'
import { addSessionRoutes, currentUser, login, SECRET } from './helpers/sessions.js'

// Cross-site request forgery: a page of another site posts to ours, and the browser adds our
// session cookie. Routes authenticated by the session cookie (sessionAuth) refuse a POST, PUT,
// PATCH or DELETE that does not carry a CSRF token of the same session in a header, which the
// other site cannot read.

const FORBIDDEN = { detail: 'CSRF token missing or invalid' }

async function shop () {
  const app = await buildApp({ sessions: { secret: SECRET } })
  addSessionRoutes(app)
  for (const method of ['put', 'patch', 'delete'] as const) app.api[method]('/cart', { deps: { user: currentUser } }, () => ({ method }))
  return app
}

describe('CSRF protection of session-authenticated routes', () => {
  it('refuses a POST that carries only the cookie (what a cross-site form sends)', async () => {
    const app = await shop()
    const { cookie } = await login(app)

    const forged = await app.inject({ method: 'POST', url: '/cart', headers: { cookie, origin: 'https://evil.example' }, payload: { item_id: 1 } })
    expect(forged.statusCode, forged.body).toBe(403)
    expect(forged.json()).toEqual(FORBIDDEN)
  })

  it('accepts the same POST with the session\'s token in x-csrf-token', async () => {
    const app = await shop()
    const { cookie, csrf } = await login(app)

    const res = await app.inject({ method: 'POST', url: '/cart', headers: { cookie, 'x-csrf-token': csrf }, payload: { item_id: 1 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ owner: 'johndoe', item_id: 1 })
    // A token stays good for the session, and a new one from /csrf is good too.
    const fresh = (await app.inject({ url: '/csrf', headers: { cookie } })).json() as { csrf_token: string }
    expect(fresh.csrf_token).not.toBe(csrf)
    for (const token of [csrf, fresh.csrf_token]) {
      expect((await app.inject({ method: 'POST', url: '/cart', headers: { cookie, 'x-csrf-token': token }, payload: { item_id: 2 } })).statusCode).toBe(200)
    }
  })

  it("refuses a token of another session: the attacker's own, valid for the attacker", async () => {
    const app = await shop()
    const victim = await login(app, 'johndoe', 'correct horse')
    const attacker = await login(app, 'alice', 'wonderland')

    const res = await app.inject({ method: 'POST', url: '/cart', headers: { cookie: victim.cookie, 'x-csrf-token': attacker.csrf }, payload: { item_id: 1 } })
    expect(res.statusCode, res.body).toBe(403)
    expect(res.json()).toEqual(FORBIDDEN)
  })

  it('refuses a tampered, empty or repeated header, and a token in the body instead', async () => {
    const app = await shop()
    const { cookie, csrf } = await login(app)

    for (const headers of [
      { 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` },
      { 'x-csrf-token': '' },
      { 'x-csrf-token': 'null' },
      { 'x-xsrf-token': csrf },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/cart', headers: { cookie, ...headers }, payload: { item_id: 1, _csrf: csrf } })
      expect(res.statusCode, JSON.stringify(headers)).toBe(403)
    }
  })

  it('checks PUT, PATCH and DELETE too, and not GET, HEAD or OPTIONS', async () => {
    const app = await shop()
    const { cookie, csrf } = await login(app)

    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      expect((await app.inject({ method, url: '/cart', headers: { cookie } })).statusCode, method).toBe(403)
      expect((await app.inject({ method, url: '/cart', headers: { cookie, 'x-csrf-token': csrf } })).statusCode, method).toBe(200)
    }
    expect((await app.inject({ method: 'GET', url: '/users/me', headers: { cookie } })).statusCode).toBe(200)
    expect((await app.inject({ method: 'HEAD', url: '/users/me', headers: { cookie } })).statusCode).toBe(200)
  })

  it('answers 401 before 403: with no session the CSRF token is not the question', async () => {
    const app = await shop()
    const res = await app.inject({ method: 'POST', url: '/cart', payload: { item_id: 1 } })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
  })

  it('reads the token from the header the options name, and can be switched off', async () => {
    const renamed = await buildApp({ sessions: { secret: SECRET, csrf: { header: 'X-XSRF-Token' } } })
    addSessionRoutes(renamed)
    const session = await login(renamed)
    expect((await renamed.inject({ method: 'POST', url: '/cart', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload: { item_id: 1 } })).statusCode).toBe(403)
    expect((await renamed.inject({ method: 'POST', url: '/cart', headers: { cookie: session.cookie, 'x-xsrf-token': session.csrf }, payload: { item_id: 1 } })).statusCode).toBe(200)

    const off = await buildApp({ sessions: { secret: SECRET, csrf: false } })
    off.api.post('/login', async ({ request }) => { await request.sessionLogin({ username: 'johndoe' }); return {} })
    off.api.post('/cart', { deps: { user: currentUser } }, ({ deps }) => deps.user)
    const logged = await off.inject({ method: 'POST', url: '/login' })
    const cookie = `session=${logged.cookies[0]?.value ?? ''}`
    expect((await off.inject({ method: 'POST', url: '/cart', headers: { cookie } })).statusCode).toBe(200)
  })
})
