import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Depends } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'

// The README declares dependencies with arrow functions, which have no name: messages and
// logs name such a dependency by where it was declared, as "file:line:column".
const SOURCE = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n')

// Where the Depends call on the line marked `// <marker>` is: V8 points at `Depends`.
function siteOf (marker: string): string {
  const index = SOURCE.findIndex((line) => line.endsWith(`// ${marker}`))
  const column = (SOURCE[index] ?? '').indexOf('Depends(')
  if (index < 0 || column < 0) throw new Error(`no Depends call marked ${marker}`)
  return `test/depends.anonymous-names.test.ts:${index + 1}:${column + 1}`
}

describe('an anonymous dependency', () => {
  it('is named by where it is declared in a registration error', async () => {
    const app = await buildApp()
    const getSession = Depends(async () => ({ id: 1 })) // session
    const cache = Depends({ scope: 'app', deps: { session: getSession } }, ({ deps }) => new Map([[deps.session.id, 'x']])) // cache

    expect(() => app.api.get('/cached', { deps: { cache } }, ({ deps }) => deps.cache.size)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_SCOPE',
      message: `route GET /cached: the dependency "anonymous dependency at ${siteOf('cache')}" has the scope "app", so it cannot depend on ` +
        `"anonymous dependency at ${siteOf('session')}", whose scope is "request": give anonymous dependency at ${siteOf('session')} a scope that lives as long, or move it.`,
    }))
  })

  it('is named by where it is declared in the log of a cleanup that failed', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    let cleaned!: () => void
    const cleanedUp = new Promise<void>((resolve) => { cleaned = resolve })
    const getDb = Depends(async function * () { // db
      try {
        yield 'db'
      } finally {
        cleaned()
        throw new Error('connection already closed') // eslint-disable-line no-unsafe-finally
      }
    })
    app.api.get('/items', { deps: { db: getDb } }, ({ deps }) => ({ db: deps.db }))

    const res = await app.inject('/items')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ db: 'db' })
    await cleanedUp
    await new Promise((resolve) => setImmediate(resolve))
    expect(logs.lines.filter((line) => line.level === 50)).toEqual([expect.objectContaining({
      dependency: `anonymous dependency at ${siteOf('db')}`,
      msg: `The cleanup of dependency anonymous dependency at ${siteOf('db')} failed`,
    })])
  })

  it('keeps the name of a named function, and the name option wins over both', async () => {
    const app = await buildApp()
    const named = Depends(function currentUser () { return 'alice' })
    const labelled = Depends({ name: 'apiKey' }, () => 'key')
    const cycleA = Depends({ deps: { get b () { return cycleB } } }, () => 1) // a
    const cycleB: ReturnType<typeof Depends<number>> = Depends({ deps: { a: cycleA } }, () => 2) // b

    expect(named.name).toBe('currentUser')
    expect(labelled.name).toBe('apiKey')
    expect(() => app.api.get('/cycle', { deps: { a: cycleA } }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_CYCLE',
      message: `Dependency cycle on route GET /cycle: anonymous dependency at ${siteOf('a')} -> anonymous dependency at ${siteOf('b')} -> anonymous dependency at ${siteOf('a')}. ` +
        'A dependency cannot need itself, directly or through others: break the chain.',
    }))
  })
})
