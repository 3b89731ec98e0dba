import { describe, expect, it } from 'vitest'
import { buildApp, captureLogs } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'

describe('a shutdown that times out', () => {
  it('resolves app.close() after drainTimeoutMs and logs by name the tasks still running or waiting', async () => {
    const logs = captureLogs()
    const app = await buildApp({ background: { drainTimeoutMs: 50 } }, { logger: { stream: logs.stream } })
    const never = new Promise<void>(() => {})
    const stuckStarted = deferred()
    async function syncInventory () { stuckStarted.resolve(); await never }
    function sendReceipt () {}
    function quickTask () {}
    app.api.post('/orders', ({ background }) => {
      background.add(quickTask)
      background.add(syncInventory)
      background.add(sendReceipt)
      return null
    })

    const res = await app.inject({ method: 'POST', url: '/orders' })
    expect(res.statusCode, res.body).toBe(200)
    await stuckStarted.promise
    const started = Date.now()
    await app.close()
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)

    const timeout = logs.lines.find((line) => line.unfinished !== undefined)
    expect(timeout).toMatchObject({
      level: 50,
      unfinished: ['syncInventory', 'sendReceipt'],
      timeoutMs: 50,
      msg: 'Shutdown timed out after 50 ms with 2 background task(s) unfinished: syncInventory, sendReceipt',
    })
    expect(app.backgroundTasks.stats()).toEqual({ pending: 1, running: 1, failed: 0, completed: 1 })
  })

  it('names the unfinished tasks of every request', async () => {
    const logs = captureLogs()
    const app = await buildApp({ background: { drainTimeoutMs: 20 } }, { logger: { stream: logs.stream } })
    const never = new Promise<void>(() => {})
    app.api.get('/a', ({ background }) => { background.add(async function exportReport () { await never }); return null })
    app.api.get('/b', ({ background }) => { background.add(async function resizeImage () { await never }); return null })

    await app.inject('/a')
    await app.inject('/b')
    await app.close()
    const timeout = logs.lines.find((line) => line.unfinished !== undefined)
    expect(timeout?.unfinished).toEqual(['exportReport', 'resizeImage'])
  })

  it('with drainTimeoutMs 0, closes at once and still names what it leaves behind', async () => {
    const logs = captureLogs()
    const app = await buildApp({ background: { drainTimeoutMs: 0 } }, { logger: { stream: logs.stream } })
    const never = new Promise<void>(() => {})
    app.api.get('/', ({ background }) => { background.add(async function longJob () { await never }); return null })

    await app.inject('/')
    await app.close()
    expect(logs.lines.find((line) => line.unfinished !== undefined)).toMatchObject({ unfinished: ['longJob'], timeoutMs: 0 })
  })
})
