import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { z } from 'zod'
import { HTTPException, sessionAuth } from 'fastify-fastapi'

/** A secret long enough for the sessions plugin (tests only: a real one comes from the environment). */
export const SECRET = 'a-test-secret-of-at-least-32-bytes-0123456789'

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

export interface User { username: string }

// johndoe's password, as the shop's README has it; checked as plain text here, to keep the
// tests about sessions (the shop hashes it).
const USERS: Record<string, string> = { johndoe: 'correct horse', alice: 'wonderland' }

export const currentUser = sessionAuth<User>()

/**
 * A browser app's routes over a cookie session: log in with a form, read the user, change
 * something (POST, CSRF-checked), log out, and fetch a CSRF token.
 */
export function addSessionRoutes (app: FastifyInstance): void {
  app.api.post('/login', { form: z.object({ username: z.string(), password: z.string() }) }, async ({ form, request }) => {
    if (USERS[form.username] !== form.password) throw new HTTPException(400, 'Incorrect username or password')
    await request.sessionLogin({ username: form.username })
    return { csrf_token: await request.csrfToken() }
  })
  app.api.get('/users/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
  app.api.post('/cart', { deps: { user: currentUser }, body: z.object({ item_id: z.number() }) }, ({ deps, body }) => ({ owner: deps.user.username, item_id: body.item_id }))
  app.api.post('/logout', { deps: { user: currentUser } }, async ({ request }) => {
    await request.sessionLogout()
    return { detail: 'Logged out' }
  })
  app.api.get('/csrf', async ({ request }) => ({ csrf_token: await request.csrfToken() }))
}

/** The `name=value` of the response's session cookie, to send back as a browser would. */
export function sessionCookie (res: LightMyRequestResponse, name = 'session'): string {
  const cookie = res.cookies.find((one) => one.name === name)
  if (cookie === undefined || cookie.value === '') throw new Error(`no ${name} cookie in ${JSON.stringify(res.headers['set-cookie'])}`)
  return `${name}=${cookie.value}`
}

/** Logs johndoe in: his cookie and a CSRF token of his session. */
export async function login (app: FastifyInstance, username = 'johndoe', password = 'correct horse'): Promise<{ cookie: string, csrf: string }> {
  const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: new URLSearchParams({ username, password }).toString() })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  return { cookie: sessionCookie(res), csrf: (res.json() as { csrf_token: string }).csrf_token }
}
