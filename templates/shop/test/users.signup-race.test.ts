import { describe, expect, it } from 'vitest'
import { buildTestApp, countRows } from './helpers.js'

// The UNIQUE constraint decides who gets a username, not a read before the insert: sign-ups
// that race for one name all pass any check made before they write, and the database lets one in.
describe('users router: sign-ups racing for one username', { timeout: 60_000 }, () => {
  it('creates one account and answers 409 to the others', async () => {
    const { app, db } = await buildTestApp()
    await app.ready()

    const answers = await Promise.all(['rick@example.com', 'rick@citadel.example', 'rick@c137.example'].map((email) =>
      app.inject({ method: 'POST', url: '/users/', payload: { username: 'rick', email, password: 'wubba lubba dub dub' } })))

    expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409, 409])
    for (const res of answers.filter((answer) => answer.statusCode === 409)) expect(res.json()).toEqual({ detail: 'Username already registered' })
    expect(await countRows(db, 'users')).toBe(3)
  })
})
