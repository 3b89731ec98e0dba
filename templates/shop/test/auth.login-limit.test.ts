import { describe, expect, it } from 'vitest'
import { buildTestApp } from './helpers.js'

// Password guessing: each username may try to log in 5 times a minute, from any IP; the
// sixth try is answered 429 before its password is checked, even the right one.

type App = Awaited<ReturnType<typeof buildTestApp>>['app']

async function logIn (app: App, username: string, password: string, remoteAddress: string) {
  const form = new URLSearchParams({ username, password })
  return await app.inject({ method: 'POST', url: '/token', remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() })
}

describe('the login limit', { timeout: 60_000 }, () => {
  it('refuses the sixth login of a username in a minute with 429, whatever the IP, and lets other users in', async () => {
    const { app } = await buildTestApp()
    const signUp = await app.inject({ method: 'POST', url: '/users/', payload: { username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' } })
    expect(signUp.statusCode, signUp.body).toBe(201)
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await logIn(app, 'johndoe', 'wrong', `10.0.0.${attempt}`)
      expect(res.statusCode, res.body).toBe(401)
      expect(res.headers['ratelimit-remaining']).toBe(String(5 - attempt))
    }
    const refused = await logIn(app, 'JohnDoe', 'correct horse', '10.0.0.99')
    expect(refused.statusCode, refused.body).toBe(429)
    expect(refused.json()).toEqual({ detail: 'Too Many Requests' })
    // What is left of the minute: the five scrypt checks take seconds on a loaded machine.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60)

    const other = await logIn(app, 'morty', 'aw jeez rick', '10.0.0.1')
    expect(other.statusCode, other.body).toBe(200)
  })

  it('documents the 429 of POST /token', async () => {
    const { app } = await buildTestApp()
    const document = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, { post: { responses: Record<string, { description: string }> } }> }>()
    expect(document.paths['/token']?.post.responses['429']?.description).toBe('Too Many Requests')
  })
})
