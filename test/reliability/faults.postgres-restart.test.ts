import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { buildApp } from '../helpers/app.js'
import { tcpProxy } from '../helpers/tcp-proxy.js'

// PostgreSQL restarted in the middle of load, as its clients see it: a proxy in front of the
// shared server (127.0.0.1:5432, database `test`) cuts every connection, refuses new ones, then
// lets them through again. The transactions in flight roll back (no order without its lines),
// every request is answered within a bound, and the pool recovers by itself.

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function ownTables (): Promise<string> {
  const suffix = randomBytes(4).toString('hex')
  const admin = new pg.Client({ connectionString: DATABASE_URL })
  await admin.connect()
  await admin.query(`CREATE TABLE orders_${suffix} (id serial PRIMARY KEY, customer text NOT NULL)`)
  await admin.query(`CREATE TABLE order_lines_${suffix} (order_id int NOT NULL REFERENCES orders_${suffix}(id), item text NOT NULL)`)
  onTestFinished(async () => {
    await admin.query(`DROP TABLE order_lines_${suffix}; DROP TABLE orders_${suffix}`)
    await admin.end()
  })
  return suffix
}

describe('PostgreSQL restarted under load', () => {
  it('rolls back the orders in flight, answers each request within a bound, and the pool recovers by itself', async () => {
    const suffix = await ownTables()
    const proxy = await tcpProxy(Number(new URL(DATABASE_URL).port || 5432))
    const pool = new pg.Pool({ connectionString: DATABASE_URL.replace(/127\.0\.0\.1:\d+/, proxy.url('x').slice('x://'.length)), max: 10, connectionTimeoutMillis: 1000, query_timeout: 2000 })
    // An idle client whose server went away: logged by the pool's owner, not a crash.
    pool.on('error', () => undefined)
    onTestFinished(() => pool.end())

    // FastAPI's session dependency: one transaction per request, committed after the handler, rolled back on any error.
    const transaction = Depends(async function* transaction () {
      const client = await pool.connect()
      let broken: Error | undefined
      // A connection cut while checked out reports here too: the query in progress rejects with it.
      const onError = (error: Error) => { broken = error }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        yield client
        await client.query('COMMIT')
      } catch (error) {
        broken = error as Error
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.off('error', onError)
        client.release(broken)
      }
    })
    const app = await buildApp()
    app.api.post('/orders/', { status: 201, body: z.object({ customer: z.string(), items: z.array(z.string()) }), deps: { db: transaction } }, async ({ body, deps }) => {
      const { rows } = await deps.db.query<{ id: number }>(`INSERT INTO orders_${suffix} (customer) VALUES ($1) RETURNING id`, [body.customer])
      // Time for the fault to land between the order and its lines.
      await new Promise((resolve) => setTimeout(resolve, 20))
      for (const item of body.items) await deps.db.query(`INSERT INTO order_lines_${suffix} (order_id, item) VALUES ($1, $2)`, [rows[0]?.id, item])
      return { id: rows[0]?.id }
    })
    const order = (index: number) => app.inject({ method: 'POST', url: '/orders/', payload: { customer: `c${index}`, items: ['apple', 'pear', 'plum'] } })
    expect((await order(0)).statusCode).toBe(201)

    // Load, and the fault in the middle of it.
    const started = performance.now()
    const inFlight = Array.from({ length: 30 }, (_, index) => order(index + 1))
    await new Promise((resolve) => setTimeout(resolve, 30))
    await proxy.cut()
    const answers = await Promise.all(inFlight)
    expect(performance.now() - started).toBeLessThan(10_000)
    for (const res of answers) expect([201, 500], res.body).toContain(res.statusCode)
    expect(answers.some((res) => res.statusCode === 500)).toBe(true)

    await proxy.restore()
    await expect.poll(async () => (await order(99)).statusCode, { timeout: 10_000, interval: 100 }).toBe(201)

    // No half-written order: every order has its three lines; each 201 is an order that exists.
    const check = new pg.Client({ connectionString: DATABASE_URL })
    await check.connect()
    onTestFinished(() => check.end())
    const { rows: lines } = await check.query<{ id: number, lines: string }>(`SELECT o.id, count(l.item) AS lines FROM orders_${suffix} o LEFT JOIN order_lines_${suffix} l ON l.order_id = o.id GROUP BY o.id`)
    expect(lines.filter((row) => Number(row.lines) !== 3)).toEqual([])
    const created = answers.filter((res) => res.statusCode === 201).map((res) => (res.json() as { id: number }).id)
    for (const id of created) expect(lines.map((row) => row.id)).toContain(id)
  }, 30_000)
})
