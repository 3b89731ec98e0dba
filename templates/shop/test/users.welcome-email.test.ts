import { describe, expect, it } from 'vitest'
import { buildTestApp } from './helpers.js'

const NEW_USER = { username: 'rick', email: 'rick@example.com', full_name: 'Rick Sanchez', password: 'wubba lubba dub dub' }

// A sign-up or a login hashes with OWASP's scrypt cost (128 MiB, a few tenths of a second,
// more on a loaded machine): more time than vitest's default 5 s for the few it runs.
describe('users router: the welcome email goes out in the background', { timeout: 60_000 }, () => {
  it('answers 201 first, then logs the welcome email, under the sign-up request id', async () => {
    const { app, logs } = await buildTestApp({ logs: true })

    const res = await app.inject({ method: 'POST', url: '/users/', payload: NEW_USER })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ id: 3, username: 'rick', email: 'rick@example.com', full_name: 'Rick Sanchez', disabled: false })
    expect(logs.map((line) => line.msg)).not.toContain('Welcome email sent to rick@example.com')

    // close() waits for the background tasks.
    await app.close()
    const messages = logs.map((line) => line.msg)
    // The access line is written when the response is over.
    const completed = messages.indexOf('"POST /users/" 201')
    const sent = messages.indexOf('Welcome email sent to rick@example.com')
    expect(completed).toBeGreaterThanOrEqual(0)
    expect(sent).toBeGreaterThan(completed)
    expect(logs[sent]).toMatchObject({ level: 30, reqId: res.headers['x-request-id'], email: 'rick@example.com', username: 'rick' })
    // getDb's commit (function-scoped) came before the response, so before the task: the user was
    // in the table before anyone, the task included, could be told of it.
    const committed = messages.indexOf('Transaction committed')
    expect(committed).toBeGreaterThanOrEqual(0)
    expect(committed).toBeLessThan(completed)
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 1 })
  })

  it('sends no email when the sign-up fails', async () => {
    const { app, logs } = await buildTestApp({ logs: true })

    const taken = await app.inject({ method: 'POST', url: '/users/', payload: { ...NEW_USER, username: 'johndoe' } })
    expect(taken.statusCode, taken.body).toBe(409)
    const invalid = await app.inject({ method: 'POST', url: '/users/', payload: { ...NEW_USER, email: 'nope' } })
    expect(invalid.statusCode, invalid.body).toBe(422)

    await app.close()
    expect(logs.filter((line) => line.msg?.startsWith('Welcome email'))).toEqual([])
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 0 })
  })
})
