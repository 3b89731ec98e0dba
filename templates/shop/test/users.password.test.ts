import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../utils/passwords.js'
import { ALICE, buildTestApp, countRows, JOHNDOE } from './helpers.js'

const NEW_USER = { username: 'rick', email: 'rick@example.com', full_name: 'Rick Sanchez', password: 'wubba lubba dub dub' }

// A sign-up or a login hashes with OWASP's scrypt cost (128 MiB, a few tenths of a second,
// more on a loaded machine): more time than vitest's default 5 s for the few it runs.
describe('users router: the password goes in, never out', { timeout: 60_000 }, () => {
  it('creates a user with 201 and answers without the password or its hash', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/users/', payload: NEW_USER })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ id: 3, username: 'rick', email: 'rick@example.com', full_name: 'Rick Sanchez', disabled: false })
  })

  it('stores a scrypt hash of the password, never the password itself', async () => {
    const { app, db } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/users/', payload: NEW_USER })
    expect(res.statusCode, res.body).toBe(201)
    const stored = await db.selectFrom('users').selectAll().where('id', '=', 3).executeTakeFirst()
    expect(stored?.hashed_password).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/)
    expect(JSON.stringify(stored)).not.toContain(NEW_USER.password)
    expect(await verifyPassword(NEW_USER.password, stored?.hashed_password ?? '')).toBe(true)
  })

  it('lists and reads users without their hashes', async () => {
    const { app } = await buildTestApp()

    const list = await app.inject('/users/')
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json()).toEqual([JOHNDOE, ALICE])

    const one = await app.inject('/users/2')
    expect(one.statusCode, one.body).toBe(200)
    expect(one.json()).toEqual(ALICE)
  })

  it('answers 404 for a user that does not exist', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/users/42')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'User not found' })
  })

  it('answers 409 to a username or an email already registered', async () => {
    const { app, db } = await buildTestApp()

    const username = await app.inject({ method: 'POST', url: '/users/', payload: { ...NEW_USER, username: 'johndoe' } })
    expect(username.statusCode, username.body).toBe(409)
    expect(username.json()).toEqual({ detail: 'Username already registered' })

    const email = await app.inject({ method: 'POST', url: '/users/', payload: { ...NEW_USER, email: 'alice@example.com' } })
    expect(email.statusCode, email.body).toBe(409)
    expect(email.json()).toEqual({ detail: 'Email already registered' })
    expect(await countRows(db, 'users')).toBe(2)
  })

  it('refuses a bad username, email and password in one 422', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/users/', payload: { username: 'Bad Name', email: 'nope', password: 'short' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_pattern_mismatch', loc: ['body', 'username'], msg: "String should match pattern '^[a-z0-9_]+$'", input: 'Bad Name', ctx: { pattern: '^[a-z0-9_]+$' } },
        { type: 'value_error', loc: ['body', 'email'], msg: 'value is not a valid email address: An email address must have an @-sign.', input: 'nope', ctx: { reason: 'An email address must have an @-sign.' } },
        { type: 'string_too_short', loc: ['body', 'password'], msg: 'String should have at least 8 characters', input: 'short', ctx: { min_length: 8 } },
      ],
    })
  })
})
