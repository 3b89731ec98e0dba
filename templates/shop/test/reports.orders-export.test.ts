import { describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Tables } from '../models/index.js'
import { asUser, buildTestApp } from './helpers.js'

type App = Awaited<ReturnType<typeof buildTestApp>>['app']

// Orders straight into the table, many at once: the export reads them in pages of 500.
async function placeOrders (db: Kysely<Tables>, userId: number, count: number, createdAt: Date): Promise<void> {
  await db.insertInto('orders').values(Array.from({ length: count }, (_, n) => ({ user_id: userId, total: n + 0.5, created_at: createdAt }))).execute()
}

// A second active user, signed up through the API: the seed's other user (alice) is disabled.
async function signUpMorty (app: App): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/users/', payload: { username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' } })
  expect(res.statusCode, res.body).toBe(201)
}

async function startExport (app: App, username: string, since: string) {
  const res = await app.inject({ method: 'POST', url: '/reports/orders', headers: asUser(username), payload: { since } })
  expect(res.statusCode, res.body).toBe(202)
  return { id: res.json<{ id: string }>().id, location: res.headers.location as string }
}

async function untilSucceeded (app: App, location: string, username: string) {
  await expect.poll(async () => (await app.inject({ url: location, headers: asUser(username) })).json<{ status: string }>().status, { timeout: 30_000 }).toBe('succeeded')
  return (await app.inject({ url: location, headers: asUser(username) })).json<Record<string, unknown>>()
}

// A sign-up hashes with OWASP's scrypt cost: more time than vitest's default 5 s on a loaded machine.
describe('the orders export: started by POST, followed with progress, fetched as CSV when done', { timeout: 60_000 }, () => {
  it('exports the current user\'s orders from the day given, in pages, with its progress, and serves the CSV', async () => {
    const { app, db } = await buildTestApp()
    await signUpMorty(app)
    await placeOrders(db, 1, 3, new Date('2024-12-31T23:59:59Z'))
    await placeOrders(db, 1, 1200, new Date('2025-01-01T00:00:00Z'))
    await placeOrders(db, 3, 5, new Date('2025-02-01T00:00:00Z'))

    const { id, location } = await startExport(app, 'johndoe', '2025-01-01')
    expect(location).toBe(`/jobs/${id}`)
    const events = await app.inject({ url: `${location}/events`, headers: asUser('johndoe') })
    expect(events.statusCode, events.body).toBe(200)
    const percents = [...events.body.matchAll(/"percent":(\d+)/g)].map((match) => Number(match[1]))
    expect(percents).toEqual([...percents].sort((a, b) => a - b))
    expect(percents.at(-1)).toBe(100)

    expect(await untilSucceeded(app, location, 'johndoe')).toMatchObject({
      name: 'export-orders', progress: { percent: 100, message: 'done' }, result: { user_id: 1, rows: 1200 },
    })
    const csv = await app.inject({ url: `/reports/orders/${id}/csv`, headers: asUser('johndoe') })
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="orders.csv"')
    const lines = csv.body.split('\n')
    // The three orders of 2024 come first (ids 1 to 3) and are left out.
    expect(lines.slice(0, 3)).toEqual(['id,total,created_at', '4,0.50,2025-01-01T00:00:00.000Z', '5,1.50,2025-01-01T00:00:00.000Z'])
    expect(lines.at(-2)).toBe('1203,1199.50,2025-01-01T00:00:00.000Z')
    expect(lines).toHaveLength(1202)
  })

  it('serves an export to the user it was made for only: another user gets a 404, as for an order', async () => {
    const { app, db } = await buildTestApp()
    await signUpMorty(app)
    await placeOrders(db, 1, 2, new Date('2025-01-01T00:00:00Z'))
    const { id, location } = await startExport(app, 'johndoe', '2025-01-01')
    await untilSucceeded(app, location, 'johndoe')

    const theirs = await app.inject({ url: `/reports/orders/${id}/csv`, headers: asUser('morty') })
    expect(theirs.statusCode, theirs.body).toBe(404)
    expect(theirs.json()).toEqual({ detail: 'Export not found' })
    const morty = await startExport(app, 'morty', '2025-01-01')
    expect(morty.id).not.toBe(id)
    expect(await untilSucceeded(app, morty.location, 'morty')).toMatchObject({ result: { user_id: 3, rows: 0, csv: 'id,total,created_at\n' } })
  })

  it('asks for a logged-in user with the orders scope, on the export and on the job routes', async () => {
    const { app } = await buildTestApp()
    const anonymous = await app.inject({ method: 'POST', url: '/reports/orders', payload: { since: '2025-01-01' } })
    expect(anonymous.statusCode, anonymous.body).toBe(401)
    const noScope = await app.inject({ method: 'POST', url: '/reports/orders', headers: asUser('johndoe', ['me']), payload: { since: '2025-01-01' } })
    expect(noScope.statusCode, noScope.body).toBe(401)
    expect(noScope.json()).toEqual({ detail: 'Not enough permissions' })
    const disabled = await app.inject({ method: 'POST', url: '/reports/orders', headers: asUser('alice'), payload: { since: '2025-01-01' } })
    expect(disabled.statusCode, disabled.body).toBe(400)

    const { location } = await startExport(app, 'johndoe', '2025-01-01')
    expect((await app.inject({ url: location })).statusCode).toBe(401)
    expect((await app.inject({ url: `${location}/events` })).statusCode).toBe(401)
    expect((await app.inject({ method: 'POST', url: `${location}/cancel` })).statusCode).toBe(401)
    expect((await app.inject({ url: location, headers: asUser('johndoe') })).statusCode).toBe(200)
  })

  it('refuses a day that is not one (422) and answers 404 for an export that does not exist', async () => {
    const { app } = await buildTestApp()
    const bad = await app.inject({ method: 'POST', url: '/reports/orders', headers: asUser('johndoe'), payload: { since: '2025-13-01' } })
    expect(bad.statusCode, bad.body).toBe(422)
    expect(bad.json()).toMatchObject({ detail: [{ loc: ['body', 'since'] }] })
    const unknown = await app.inject({ url: '/reports/orders/no-such-job/csv', headers: asUser('johndoe') })
    expect(unknown.statusCode, unknown.body).toBe(404)
  })
})
