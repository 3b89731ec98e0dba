import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { defineJob } from 'fastify-fastapi/jobs'
import { buildApp } from './helpers/app.js'
import { untilStatus } from './helpers/jobs.js'

// A job gets the same dependency injection as a route: the app's app-scoped resources,
// generators cleaned up after the run (with its error), and the app's overrides in tests.

describe('dependencies of a job', () => {
  it('shares the app-scoped pool with the routes, cleans up its generators after the run, and sees the handler\'s error', async () => {
    const log: string[] = []
    let pools = 0
    const pool = Depends({ scope: 'app' }, async function * pool () {
      const id = ++pools
      log.push(`pool ${id} open`)
      yield { id, query: (sql: string) => `rows of ${sql}` }
      log.push(`pool ${id} closed`)
    })
    const connection = Depends({ deps: { pool } }, async function * connection ({ deps }) {
      log.push('connect')
      try {
        yield deps.pool
      } catch (error) {
        log.push(`connection saw: ${(error as Error).message}`)
        throw error
      } finally {
        log.push('release')
      }
    })
    const report = defineJob({ name: 'report', payload: z.object({ table: z.string(), fail: z.boolean().default(false) }), deps: { db: connection } }, ({ payload, deps }) => {
      if (payload.fail) throw new Error('disk full')
      return { pool: deps.db.id, rows: deps.db.query(payload.table) }
    })
    const app = await buildApp({ jobs: { jobs: [report] } })
    app.api.get('/pool', { deps: { pool } }, ({ deps }) => ({ pool: deps.pool.id }))
    await app.ready()

    const ok = await app.jobs.enqueue(report, { table: 'orders' })
    expect(await untilStatus(app, ok.id, 'succeeded')).toMatchObject({ result: { pool: 1, rows: 'rows of orders' } })
    expect((await app.inject({ url: '/pool' })).json()).toEqual({ pool: 1 })
    const failing = await app.jobs.enqueue(report, { table: 'orders', fail: true })
    expect(await untilStatus(app, failing.id, 'failed')).toMatchObject({ error: 'disk full' })
    await app.close()
    expect(log).toEqual(['pool 1 open', 'connect', 'release', 'connect', 'connection saw: disk full', 'release', 'pool 1 closed'])
  })

  it('runs a job with the app\'s dependency overrides, as its routes are', async () => {
    const mailer = Depends(function mailer () { return { send: (to: string) => `smtp to ${to}` } })
    const welcome = defineJob({ name: 'welcome', payload: z.object({ to: z.email() }), deps: { mailer } }, ({ payload, deps }) => deps.mailer.send(payload.to))
    const app = await buildApp({ jobs: { jobs: [welcome] } })
    await app.ready()
    const sent: string[] = []
    app.dependencyOverrides.set(mailer, () => ({ send: (to: string) => { sent.push(to); return `fake to ${to}` } }))
    const { id } = await app.jobs.enqueue(welcome, { to: 'ada@example.com' })
    expect(await untilStatus(app, id, 'succeeded')).toMatchObject({ result: 'fake to ada@example.com' })
    expect(sent).toEqual(['ada@example.com'])

    app.dependencyOverrides.clear()
    const real = await app.jobs.enqueue(welcome, { to: 'bob@example.com' })
    expect(await untilStatus(app, real.id, 'succeeded')).toMatchObject({ result: 'smtp to bob@example.com' })
  })

  it('refuses at registration a job whose dependency reads the request, which a job does not have', async () => {
    const token = Depends({ headers: z.object({ authorization: z.string() }) }, function token ({ headers }) { return headers.authorization })
    const audit = defineJob({ name: 'audit', payload: z.object({}), deps: { token } }, ({ deps }) => deps.token)
    await expect(buildApp({ jobs: { jobs: [audit] } })).rejects.toMatchObject({
      code: 'FFA_ERR_DEP_SCOPE',
      message: 'job audit: the dependency "token" reads the request (params, query, headers, cookies, body or form), and there is no request here: override it with a fixed value.',
    })
  })
})
