import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, JOHNDOE, PLUMBUS } from './helpers.js'

describe('the app over real HTTP', () => {
  // Signing morty up hashes a password with scrypt (ln=17): seconds on a loaded CI machine.
  it('listens on a free port and answers fetch like inject', { timeout: 30_000 }, async () => {
    const { app } = await buildTestApp()
    const url = await app.listen({ port: 0, host: '127.0.0.1' })

    const root = await fetch(`${url}/`)
    expect(root.status).toBe(200)
    expect(await root.json()).toEqual({ message: 'Hello Bigger Applications!' })

    const item = await fetch(`${url}/items/1`)
    expect(item.status).toBe(200)
    expect(item.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(item.headers.get('x-process-time')).not.toBeNull()
    expect(await item.json()).toEqual(PLUMBUS)

    const created = await fetch(`${url}/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' }),
    })
    expect(created.status).toBe(201)
    expect(await created.json()).toEqual({ id: 3, username: 'morty', email: 'morty@example.com', full_name: null, disabled: false })

    const anonymous = await fetch(`${url}/users/me`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer')
    expect(await anonymous.json()).toEqual({ detail: 'Not authenticated' })

    const me = await fetch(`${url}/users/me`, { headers: asUser('johndoe') })
    expect(me.status).toBe(200)
    expect(await me.json()).toEqual(JOHNDOE)
  })
})
