import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { Depends, fastapi } from 'fastify-fastapi'
import { buildLoggedApp, captureLogs } from '../helpers/app.js'

// A dependency's cleanup is code too, and it fails: a rollback on a dead connection, a close
// that throws. Its failure is logged; the other cleanups still run, the answer already sent
// stands, and the app keeps serving and closes. (The answer to a function-scoped cleanup's
// error is in test/depends.function-scope-cleanup-error.test.ts.)

const errorLines = (lines: Array<Record<string, unknown>>) => lines.filter((line) => line.level === 50).map((line) => line.msg)

describe('Dependency cleanup that throws', () => {
  it('is logged with its dependency\'s name; the cleanups set up before it still run; the 200 stands', async () => {
    const { app, logs } = await buildLoggedApp()
    const events: string[] = []
    const pool = Depends(function * pool () { try { yield 'pool' } finally { events.push('pool released') } })
    const session = Depends({ deps: { pool } }, function * session () {
      yield 'session'
      throw new Error('connection reset while closing the session')
    })
    app.api.get('/orders/', { deps: { session } }, () => [])

    const res = await app.inject('/orders/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([])
    await expect.poll(() => events).toEqual(['pool released'])
    expect(errorLines(logs.lines)).toEqual(['The cleanup of dependency session failed'])
  })

  it('throws on every request of a burst of 200, and the app keeps answering and cleaning up the rest', async () => {
    const { app, logs } = await buildLoggedApp()
    let released = 0
    const pool = Depends(function * pool () { try { yield 'pool' } finally { released++ } })
    const broken = Depends({ deps: { pool } }, async function * broken () {
      yield 'x'
      throw new Error('boom in cleanup')
    })
    app.api.get('/orders/', { deps: { broken } }, () => ({ ok: true }))

    const answers = await Promise.all(Array.from({ length: 200 }, () => app.inject('/orders/')))
    expect(answers.map((res) => res.statusCode)).toEqual(Array(200).fill(200))
    await expect.poll(() => released).toBe(200)
    expect(errorLines(logs.lines)).toHaveLength(200)
    expect((await app.inject('/orders/')).statusCode).toBe(200)
  })

  it('throws a non-Error value, and is logged all the same, without crashing the process', async () => {
    const { app, logs } = await buildLoggedApp()
    const weird = Depends(function * weird () {
      yield 'x'
      throw 'not an Error'
    })
    app.api.get('/orders/', { deps: { weird } }, () => [])

    expect((await app.inject('/orders/')).statusCode).toBe(200)
    await expect.poll(() => errorLines(logs.lines)).toEqual(['The cleanup of dependency weird failed'])
  })

  it('throws while the handler failed: the handler\'s error is answered, the others still see it', async () => {
    const { app } = await buildLoggedApp()
    const seen: string[] = []
    const outer = Depends(function * outer () {
      try { yield 'outer' } catch (error) { seen.push(`outer saw ${(error as Error).message}`); throw error }
    })
    const inner = Depends({ deps: { outer } }, function * inner () {
      try { yield 'inner' } catch { throw new Error('rollback failed') }
    })
    app.api.get('/orders/', { deps: { inner } }, () => { throw new Error('handler failed') })

    const res = await app.inject('/orders/')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(seen).toEqual(['outer saw rollback failed'])
  })

  it('throws in an app-scoped dependency at shutdown: the others are closed and app.close() resolves', async () => {
    const events: string[] = []
    const logs = captureLogs()
    const app = Fastify({ logger: { level: 'info', stream: logs.stream } })
    await app.register(fastapi)
    const pool = Depends({ scope: 'app' }, async function * pool () { try { yield 'pool' } finally { events.push('pool closed') } })
    const cache = Depends({ scope: 'app', deps: { pool } }, async function * cache () {
      yield 'cache'
      throw new Error('cache flush failed')
    })
    app.api.get('/orders/', { deps: { cache } }, () => [])
    expect((await app.inject('/orders/')).statusCode).toBe(200)

    await expect(app.close()).resolves.toBeUndefined()
    expect(events).toEqual(['pool closed'])
    expect(logs.lines.some((line) => line.level === 50 && String(line.msg).includes('cache'))).toBe(true)
  })
})
