import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, DependencyOverrides, HTTPException, resolve, withDependency } from 'fastify-fastapi'

// The same dependency graph a route uses, resolved in a script, a job or a test.
function dbChain (events: string[]) {
  const getSettings = Depends(function getSettings () {
    events.push('settings')
    return { dsn: 'postgres://production' }
  })
  const getDb = Depends({ deps: { settings: getSettings } }, async function * getDb ({ deps }) {
    events.push(`connect ${deps.settings.dsn}`)
    try {
      yield { dsn: deps.settings.dsn }
    } catch (error) {
      events.push(`rollback after ${(error as Error).message}`)
      throw error
    } finally {
      events.push('disconnect')
    }
  })
  const getRepo = Depends({ deps: { db: getDb } }, function * getRepo ({ deps }) {
    events.push('repo opened')
    yield { table: 'items', db: deps.db.dsn }
    events.push('repo closed')
  })
  return { getSettings, getDb, getRepo }
}

describe('resolving dependencies outside a request', () => {
  it('resolves a dependency with its sub-dependencies, and close() cleans up in reverse order', async () => {
    const events: string[] = []
    const { getRepo } = dbChain(events)

    const { value, close } = await resolve(getRepo)
    expect(value).toEqual({ table: 'items', db: 'postgres://production' })
    expect(events).toEqual(['settings', 'connect postgres://production', 'repo opened'])
    await close()
    expect(events).toEqual(['settings', 'connect postgres://production', 'repo opened', 'repo closed', 'disconnect'])
  })

  it('creates an app-scoped dependency for the script, and close() cleans it up', async () => {
    const events: string[] = []
    const getPool = Depends({ scope: 'app' }, async function * getPool () {
      events.push('pool opened')
      yield { size: 10 }
      events.push('pool closed')
    })

    const { value, close } = await resolve(getPool)
    expect(value).toEqual({ size: 10 })
    await close()
    expect(events).toEqual(['pool opened', 'pool closed'])
  })

  it('resolves a plain async dependency, with nothing to clean up', async () => {
    const answer = Depends(async () => 42)
    const { value, close } = await resolve(answer)
    expect(value).toBe(42)
    await close()
  })

  it('uses the overrides it is given, for sub-dependencies too', async () => {
    const events: string[] = []
    const { getSettings, getRepo } = dbChain(events)
    const overrides = new DependencyOverrides().set(getSettings, () => ({ dsn: 'sqlite://memory' }))

    const { value, close } = await resolve(getRepo, { overrides })
    expect(value).toEqual({ table: 'items', db: 'sqlite://memory' })
    await close()
    expect(events).toEqual(['connect sqlite://memory', 'repo opened', 'repo closed', 'disconnect'])
  })

  it('runs an override that is a generator, and cleans it up', async () => {
    const events: string[] = []
    const { getDb, getRepo } = dbChain(events)
    const overrides = new DependencyOverrides().set(getDb, function * fakeDb () {
      events.push('fake db')
      yield { dsn: 'fake' }
      events.push('fake db dropped')
    })

    const { value, close } = await resolve(getRepo, { overrides })
    expect(value).toEqual({ table: 'items', db: 'fake' })
    await close()
    expect(events).toEqual(['fake db', 'repo opened', 'repo closed', 'fake db dropped'])
  })

  it('runs a callback with withDependency and cleans up after it', async () => {
    const events: string[] = []
    const { getRepo } = dbChain(events)

    const result = await withDependency(getRepo, async (repo) => {
      events.push(`use ${repo.table}`)
      return repo.table.toUpperCase()
    })
    expect(result).toBe('ITEMS')
    expect(events).toEqual(['settings', 'connect postgres://production', 'repo opened', 'use items', 'repo closed', 'disconnect'])
  })

  it('throws the error of the callback into the generators, and rejects with it', async () => {
    const events: string[] = []
    const { getRepo } = dbChain(events)

    await expect(withDependency(getRepo, () => { throw new Error('migration failed') })).rejects.toThrow('migration failed')
    expect(events).toEqual(['settings', 'connect postgres://production', 'repo opened', 'rollback after migration failed', 'disconnect'])
  })

  it('rejects with the error a generator raises in place of the one it caught', async () => {
    const translating = Depends(function * translating () {
      try {
        yield 'value'
      } catch (error) {
        throw new HTTPException(400, `translated: ${(error as Error).message}`)
      }
    })

    await expect(withDependency(translating, () => { throw new Error('raw') })).rejects.toMatchObject({ status: 400, detail: 'translated: raw' })
  })

  it('throws into the generators already set up when a later dependency fails to start', async () => {
    const events: string[] = []
    const { getDb } = dbChain(events)
    const broken = Depends({ deps: { db: getDb } }, async function broken () { throw new Error('no such table') })

    await expect(resolve(broken)).rejects.toThrow('no such table')
    expect(events).toEqual(['settings', 'connect postgres://production', 'rollback after no such table', 'disconnect'])
  })

  it('logs a cleanup that throws to the log it is given, and still runs the others', async () => {
    const events: string[] = []
    const logged: unknown[][] = []
    const first = Depends(function * first () { yield 1; events.push('first closed') })
    const failing = Depends({ deps: { first } }, function * failing () { yield 2; throw new Error('cannot close') })

    const { close } = await resolve(failing, { log: { error: (object: unknown, message?: string) => { logged.push([message, (object as { err: Error }).err.message]) } } })
    await close()
    expect(events).toEqual(['first closed'])
    expect(logged).toEqual([['The cleanup of dependency failing failed', 'cannot close']])
  })

  it('refuses a dependency that reads the request with FFA_ERR_DEP_SCOPE, naming it', async () => {
    const pagination = Depends({ query: z.object({ skip: z.number().int().default(0) }) }, function pagination ({ query }) { return query })
    const listing = Depends({ deps: { page: pagination } }, function listing ({ deps }) { return deps.page })

    await expect(resolve(listing)).rejects.toMatchObject({
      code: 'FFA_ERR_DEP_SCOPE',
      message: 'resolve(listing): the dependency "pagination" reads the request (params, query, headers, cookies, body or form), and there is no request here: override it with a fixed value.',
    })
  })

  it('resolves it once the dependency that reads the request is overridden', async () => {
    const pagination = Depends({ query: z.object({ skip: z.number().int().default(0) }) }, function pagination ({ query }) { return query })
    const listing = Depends({ deps: { page: pagination } }, function listing ({ deps }) { return deps.page })
    const overrides = new DependencyOverrides().set(pagination, () => ({ skip: 10 }))

    expect(await withDependency(listing, (page) => page, { overrides })).toEqual({ skip: 10 })
  })
})
