import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi, fastapiSessions, sessionAuth, type SessionStore, type StoredSession } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { addSessionRoutes, currentUser, FORM, login, SECRET, sessionCookie } from './helpers/sessions.js'

const NOT_AUTHENTICATED = { detail: 'Not authenticated' }

/** A memory store that counts what it is asked, to see which requests reach it. */
function countingStore (): SessionStore & { calls: string[], sessions: Map<string, string> } {
  const sessions = new Map<string, string>()
  const calls: string[] = []
  return {
    calls,
    sessions,
    get (id, callback) { calls.push('get'); const data = sessions.get(id); callback(null, data === undefined ? null : JSON.parse(data) as StoredSession) },
    set (id, session, callback) { calls.push('set'); sessions.set(id, JSON.stringify(session)); callback() },
    destroy (id, callback) { calls.push('destroy'); sessions.delete(id); callback() },
  }
}

describe('cookie sessions', () => {
  it('logs in with a form, reads the user from the session, and logs out', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)

    const { cookie, csrf } = await login(app)
    const me = await app.inject({ url: '/users/me', headers: { cookie } })
    expect(me.statusCode, me.body).toBe(200)
    expect(me.json()).toEqual({ username: 'johndoe' })

    const logout = await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'x-csrf-token': csrf } })
    expect(logout.statusCode, logout.body).toBe(200)
    // The browser is told to forget the cookie ...
    expect(logout.cookies).toEqual([expect.objectContaining({ name: 'session', value: '', maxAge: 0, expires: new Date(0) })])
    // ... and one that kept it finds the session gone from the store.
    const after = await app.inject({ url: '/users/me', headers: { cookie } })
    expect(after.statusCode, after.body).toBe(401)
    expect(after.json()).toEqual(NOT_AUTHENTICATED)
  })

  it('answers 401 {"detail":"Not authenticated"} with no cookie, a forged one, or one of no session', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)
    const { cookie } = await login(app)
    const [name, value] = cookie.split('=') as [string, string]
    const [id, signature] = decodeURIComponent(value).split('.') as [string, string]

    for (const headers of [
      {},
      { cookie: 'session=' },
      { cookie: 'session=not-a-session' },
      { cookie: `${name}=${encodeURIComponent(`${id}x.${signature}`)}` }, //          another id under johndoe's signature
      { cookie: `${name}=${encodeURIComponent(`${'A'.repeat(id.length)}.${signature}`)}` },
      { cookie: `other=${value}` },
    ]) {
      const res = await app.inject({ url: '/users/me', headers })
      expect(res.statusCode, JSON.stringify(headers)).toBe(401)
      expect(res.json()).toEqual(NOT_AUTHENTICATED)
      // FastAPI's APIKeyCookie (fastapi/security/api_key.py, make_not_authenticated_error): a custom `APIKey` challenge.
      expect(res.headers['www-authenticate']).toBe('APIKey')
    }
  })

  it('gives undefined for no user with autoError: false (optional auth)', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)
    const maybeUser = sessionAuth<{ username: string }>({ autoError: false })
    app.api.get('/greeting', { deps: { user: maybeUser } }, ({ deps }) => ({ hello: deps.user?.username ?? 'stranger' }))

    const anonymous = await app.inject('/greeting')
    expect(anonymous.json()).toEqual({ hello: 'stranger' })
    const { cookie } = await login(app)
    const known = await app.inject({ url: '/greeting', headers: { cookie } })
    expect(known.json()).toEqual({ hello: 'johndoe' })
  })

  it('refuses a wrong password without a session', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)

    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=johndoe&password=wrong' })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('sets the cookie HttpOnly, SameSite=Lax, Path=/, for the ttl, and without Secure over plain HTTP', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)

    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=johndoe&password=correct horse' })
    const header = String(res.headers['set-cookie'])
    expect(header).toMatch(/^session=[\w-]+\.[^;]+; Max-Age=86400; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/)
    expect(header).not.toMatch(/Secure/)
    const [cookie] = res.cookies
    expect(cookie?.expires?.getTime()).toBeGreaterThan(Date.now() + 86_390_000)
  })

  it("adds Secure when the request came over HTTPS, as a proxy trusted by Fastify's trustProxy says", async () => {
    const app = await buildApp({ sessions: { secret: SECRET } }, { trustProxy: true })
    addSessionRoutes(app)

    const res = await app.inject({ method: 'POST', url: '/login', headers: { ...FORM, 'x-forwarded-proto': 'https' }, payload: 'username=johndoe&password=correct horse' })
    expect(String(res.headers['set-cookie'])).toMatch(/; HttpOnly; Secure; SameSite=Lax$/)
    // Without trustProxy the header is anyone's to send: no Secure is promised on its word.
    const untrusting = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(untrusting)
    const plain = await untrusting.inject({ method: 'POST', url: '/login', headers: { ...FORM, 'x-forwarded-proto': 'https' }, payload: 'username=johndoe&password=correct horse' })
    expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/)
  })

  it('sends no session over plain HTTP with secure: true, and the cookie options given', async () => {
    const app = await buildApp({ sessions: { secret: SECRET, cookie: { secure: true, name: '__Host-session', sameSite: 'strict' } } }, { trustProxy: true })
    addSessionRoutes(app)

    const http = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=johndoe&password=correct horse' })
    expect(http.statusCode, http.body).toBe(200)
    expect(http.headers['set-cookie']).toBeUndefined()
    const https = await app.inject({ method: 'POST', url: '/login', headers: { ...FORM, 'x-forwarded-proto': 'https' }, payload: 'username=johndoe&password=correct horse' })
    expect(String(https.headers['set-cookie'])).toMatch(/^__Host-session=.*; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/)
  })

  it('keeps the session for the ttl after its last request: each request that reads it starts the time again', async () => {
    // Wide margins: a loaded machine may take a second to answer.
    const app = await buildApp({ sessions: { secret: SECRET, ttl: 2000 } })
    addSessionRoutes(app)
    const { cookie } = await login(app)

    for (let step = 0; step < 3; step++) {
      await new Promise((resolve) => setTimeout(resolve, 800))
      const me = await app.inject({ url: '/users/me', headers: { cookie } })
      expect(me.statusCode, `after ${(step + 1) * 800} ms`).toBe(200)
      expect(String(me.headers['set-cookie'])).toMatch(/Max-Age=2;/)
    }
    await new Promise((resolve) => setTimeout(resolve, 2500))
    const idle = await app.inject({ url: '/users/me', headers: { cookie } })
    expect(idle.statusCode, idle.body).toBe(401)
    // The cookie names a session that is gone: the browser is told to forget it.
    expect(idle.cookies).toEqual([expect.objectContaining({ name: 'session', value: '', maxAge: 0 })])
  }, 20_000)

  it('costs a request that does not use sessions nothing: no store call, no cookie', async () => {
    const store = countingStore()
    const app = await buildApp({ sessions: { secret: SECRET, store } })
    addSessionRoutes(app)
    app.api.get('/items', () => [{ name: 'Plumbus' }])
    const { cookie } = await login(app)
    store.calls.length = 0

    const res = await app.inject({ url: '/items', headers: { cookie } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(store.calls).toEqual([])
    // An anonymous visit of a guarded route reads no store and leaves no session behind.
    const anonymous = await app.inject('/users/me')
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.headers['set-cookie']).toBeUndefined()
    expect(store.calls).toEqual([])
    expect(store.sessions.size).toBe(1)
  })

  it('works on plain Fastify routes: request.loadSession(), sessionLogin and app.csrfProtection', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiSessions, { secret: SECRET })
    app.post('/login', async (request) => {
      await request.sessionLogin({ username: 'johndoe' })
      return { csrf_token: await request.csrfToken() }
    })
    app.get('/whoami', async (request) => ({ user: (await request.loadSession()).get('user' as never) ?? null }))
    app.post('/settings', { preHandler: app.csrfProtection }, async () => ({ saved: true }))

    const logged = await app.inject({ method: 'POST', url: '/login' })
    const cookie = sessionCookie(logged)
    expect((await app.inject({ url: '/whoami', headers: { cookie } })).json()).toEqual({ user: { username: 'johndoe' } })
    expect((await app.inject({ url: '/whoami' })).json()).toEqual({ user: null })
    expect((await app.inject({ method: 'POST', url: '/settings', headers: { cookie } })).statusCode).toBe(403)
    const saved = await app.inject({ method: 'POST', url: '/settings', headers: { cookie, 'x-csrf-token': (logged.json() as { csrf_token: string }).csrf_token } })
    expect(saved.statusCode, saved.body).toBe(200)
  })

  it('documents sessionAuth() as an apiKey security scheme in the cookie, as FastAPI documents APIKeyCookie', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)

    const doc = (await app.inject('/openapi.json')).json() as {
      components: { securitySchemes: unknown }
      paths: Record<string, Record<string, { security?: unknown, parameters?: unknown, responses: Record<string, unknown> }>>
    }
    expect(doc.components.securitySchemes).toEqual({ APIKeyCookie: { type: 'apiKey', in: 'cookie', name: 'session' } })
    expect(doc.paths['/users/me']?.get?.security).toEqual([{ APIKeyCookie: [] }])
    expect(doc.paths['/users/me']?.get?.parameters).toBeUndefined()
    expect(Object.keys(doc.paths['/users/me']?.get?.responses ?? {})).toEqual(['200'])
    expect(doc.paths['/login']?.post?.security).toBeUndefined()
  })

  it("names the scheme and the cookie as told, and refuses a cookie name that is not the plugin's", async () => {
    const app = await buildApp({ sessions: { secret: SECRET, cookie: { name: 'sid' } } })
    const named = sessionAuth({ cookieName: 'sid', schemeName: 'SessionCookie', description: 'The browser session' })
    app.api.get('/a', { deps: { user: named } }, () => ({}))
    app.api.get('/b', { deps: { user: currentUser } }, () => ({}))

    const doc = (await app.inject('/openapi.json')).json() as { components: { securitySchemes: unknown } }
    expect(doc.components.securitySchemes).toMatchObject({ SessionCookie: { type: 'apiKey', in: 'cookie', name: 'sid', description: 'The browser session' } })
    expect((await app.inject('/a')).statusCode).toBe(401)
    const mismatch = await app.inject('/b')
    expect(mismatch.statusCode).toBe(500)
    expect(mismatch.json()).toEqual({ detail: 'Internal Server Error' })
  })

  it('needs the sessions plugin: a route using sessionAuth() without it is a 500 naming the fix', async () => {
    const app = await buildApp()
    const errors: unknown[] = []
    app.addHook('onError', async (_request, _reply, error) => { errors.push(error) })
    app.api.get('/users/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)

    const res = await app.inject('/users/me')
    expect(res.statusCode).toBe(500)
    expect(errors).toEqual([expect.objectContaining({ code: 'FFA_ERR_PLUGIN_MISSING', message: expect.stringContaining("sessionAuth() needs the sessions (fastify-fastapi/sessions, or the fastapi preset's `sessions` option) plugin") })])
  })

  it('works beside an app that registered @fastify/cookie itself', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register((await import('@fastify/cookie')).default)
    await app.register(fastapi, { sessions: { secret: SECRET } })
    addSessionRoutes(app)
    app.get('/theme', (_request, reply) => reply.setCookie('theme', 'dark').send({}))

    const { cookie } = await login(app)
    expect((await app.inject({ url: '/users/me', headers: { cookie } })).json()).toEqual({ username: 'johndoe' })
    expect((await app.inject('/theme')).cookies).toEqual([expect.objectContaining({ name: 'theme', value: 'dark' })])
  })
})
