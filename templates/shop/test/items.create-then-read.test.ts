import { setTimeout as sleep } from 'node:timers/promises'
import { Depends } from 'fastify-fastapi'
import { describe, expect, it } from 'vitest'
import { getDatabase, getDb } from '../dependencies.js'
import { TEST_ENGINE } from './database.js'
import { asUser, buildTestApp } from './helpers.js'

const PAIRS = 1000
const CLIENTS = 10
const STAFF = asUser('johndoe')

function deferred (): { promise: Promise<void>, resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((settle) => { resolve = settle })
  return { promise, resolve }
}

// A client that creates an item and reads it back at once, over real HTTP, CLIENTS at a time;
// how many reads answered 404 for an item whose 201 had arrived.
async function createThenRead (url: string, pairs: number): Promise<number> {
  let misses = 0
  const client = async (name: string): Promise<void> => {
    for (let index = 0; index < pairs / CLIENTS; index++) {
      const created = await fetch(`${url}/items/`, {
        method: 'POST',
        headers: { ...STAFF, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `${name} ${index}`, price: 1 }),
      })
      expect(created.status).toBe(201)
      const { id } = await created.json() as { id: number }
      const read = await fetch(`${url}/items/${id}`)
      await read.arrayBuffer()
      if (read.status === 404) misses++
      else expect(read.status).toBe(200)
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(`client ${index}`)))
  return misses
}

// The issue this shop's getDb answers: with the default scope ("request"), a generator commits
// after the response is sent, and a client that writes then reads at once can miss its own
// write. getDb is function-scoped: it commits before the response.
describe('getDb: a client reads its own writes', { timeout: 300_000 }, () => {
  it(`finds every item it created: ${PAIRS} create-then-read pairs over HTTP, no 404`, async () => {
    const { app } = await buildTestApp()
    const url = await app.listen({ port: 0, host: '127.0.0.1' })

    expect(await createThenRead(url, PAIRS)).toBe(0)
  })

  it('reads before the commit when it comes after the response (scope "request"): a 404 on PostgreSQL, a wait on PGlite', async () => {
    const { app } = await buildTestApp()
    // FastAPI's default scope for a generator: the code after `yield` runs once the response is
    // sent. The commit is held until the test has read, to show the order without timing.
    const commit = deferred()
    const committedAfterResponse = Depends({ deps: { database: getDatabase } }, async function * getDbCommittingLate ({ deps }) {
      const transaction = await deps.database.startTransaction().execute()
      try {
        yield transaction
        await commit.promise
        await transaction.commit().execute()
      } catch (error) {
        await transaction.rollback().execute()
        throw error
      }
    })
    app.dependencyOverrides.set(getDb, committedAfterResponse)
    const url = await app.listen({ port: 0, host: '127.0.0.1' })

    const created = await fetch(`${url}/items/`, { method: 'POST', headers: { ...STAFF, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Fleeb', price: 1 }) })
    expect(created.status).toBe(201)
    const read = fetch(`${url}/items/4`)
    if (TEST_ENGINE === 'postgres') {
      // Another pooled connection, which does not see the uncommitted row.
      expect((await read).status).toBe(404)
      commit.resolve()
    } else {
      // PGlite has one connection, held by the open transaction: the read waits for the commit.
      const early = await Promise.race([read.then(() => 'answered'), sleep(300).then(() => 'waiting')])
      expect(early).toBe('waiting')
      commit.resolve()
      expect((await read).status).toBe(200)
    }
    await expect.poll(async () => (await fetch(`${url}/items/4`)).status).toBe(200)
  })
})
