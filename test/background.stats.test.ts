import { describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

describe('app.backgroundTasks.stats()', () => {
  it('counts the tasks pending, running, failed and completed as they go', async () => {
    const app = await buildApp()
    const firstStarted = deferred()
    const releaseFirst = deferred()
    const lastStarted = deferred()
    const releaseLast = deferred()
    app.api.post('/work', ({ background }) => {
      background.add(async function first () { firstStarted.resolve(); await releaseFirst.promise })
      background.add(function fails () { throw new Error('boom') })
      background.add(async function last () { lastStarted.resolve(); await releaseLast.promise })
      return null
    })
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 0 })

    const res = await app.inject({ method: 'POST', url: '/work' })
    expect(res.statusCode, res.body).toBe(200)
    await firstStarted.promise
    expect(app.backgroundTasks.stats()).toEqual({ pending: 2, running: 1, failed: 0, completed: 0 })

    releaseFirst.resolve()
    await lastStarted.promise
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 1, failed: 1, completed: 1 })

    releaseLast.resolve()
    await app.close()
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 1, completed: 2 })
  })

  it('adds up the tasks of every request, for a health check route', async () => {
    const app = await buildApp()
    const release = deferred()
    app.api.post('/jobs', ({ background }) => {
      background.add(async function job () { await release.promise })
      background.add(function afterJob () {})
      return null
    })
    app.api.get('/health', () => ({ status: 'ok', background: app.backgroundTasks.stats() }))

    await app.inject({ method: 'POST', url: '/jobs' })
    await app.inject({ method: 'POST', url: '/jobs' })
    const health = await app.inject('/health')
    expect(health.statusCode, health.body).toBe(200)
    expect(health.json()).toEqual({ status: 'ok', background: { pending: 2, running: 2, failed: 0, completed: 0 } })

    release.resolve()
    await app.close()
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 4 })
  })

  it('returns a fresh object each time, so a caller cannot change the counts', async () => {
    const app = await buildApp()
    const stats = app.backgroundTasks.stats()
    stats.failed = 99
    expect(app.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 0 })
  })
})
