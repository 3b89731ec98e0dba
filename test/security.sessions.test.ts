import { describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'
import { addSessionRoutes, login, SECRET } from './helpers/sessions.js'

describe('cookie sessions', () => {
  it('logs in, reads the user from the session, and logs out', async () => {
    const app = await buildApp({ sessions: { secret: SECRET } })
    addSessionRoutes(app)

    const { cookie } = await login(app)
    const me = await app.inject({ url: '/users/me', headers: { cookie } })
    expect(me.statusCode, me.body).toBe(200)
    expect(me.json()).toEqual({ username: 'johndoe' })
  })
})
