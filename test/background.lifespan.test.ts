import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { Depends, fastapi } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

describe('the lifespan option', () => {
  it('runs startup, then the app-scoped dependencies; at close, the tasks drain, the dependencies close, then shutdown', async () => {
    const events: string[] = []
    const app = await buildApp({
      async * lifespan () {
        events.push('lifespan startup')
        yield
        events.push('lifespan shutdown')
      },
    })
    const getPool = Depends({ scope: 'app' }, async function * getPool () {
      events.push('pool opened')
      yield { name: 'pool' }
      events.push('pool closed')
    })
    app.api.post('/orders', { deps: { pool: getPool } }, ({ deps, background }) => {
      events.push('handler')
      background.add(async function sendReceipt (pool: { name: string }) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        events.push(`receipt sent through ${pool.name}`)
      }, deps.pool)
      return null
    })

    await app.ready()
    expect(events).toEqual(['lifespan startup', 'pool opened'])
    const res = await app.inject({ method: 'POST', url: '/orders' })
    expect(res.statusCode, res.body).toBe(200)
    await app.close()
    expect(events).toEqual([
      'lifespan startup', 'pool opened', 'handler',
      'receipt sent through pool', 'pool closed', 'lifespan shutdown',
    ])
  })

  it('passes the app to the lifespan, and takes a sync generator too', async () => {
    let received: FastifyInstance | undefined
    const events: string[] = []
    const app = await buildApp({
      * lifespan (instance) {
        received = instance
        events.push('startup')
        yield
        events.push('shutdown')
      },
    })

    await app.ready()
    expect(received).toBeDefined()
    expect(received?.backgroundTasks.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 0 })
    await app.close()
    expect(events).toEqual(['startup', 'shutdown'])
  })

  it('fails app.ready() with the error its startup throws', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi, {
      // eslint-disable-next-line require-yield
      async * lifespan () { throw new Error('no database') },
    })

    await expect(app.ready()).rejects.toThrow('no database')
  })

  it('never runs the shutdown of an app that never started', async () => {
    const events: string[] = []
    const app = Fastify()
    await app.register(fastapi, {
      async * lifespan () {
        events.push('startup')
        yield
        events.push('shutdown')
      },
    })

    await app.close()
    expect(events).toEqual([])
  })

  it('works with the depends and background parts switched off', async () => {
    const events: string[] = []
    const app = await buildApp({
      depends: false,
      background: false,
      async * lifespan () {
        events.push('startup')
        yield
        events.push('shutdown')
      },
    })

    await app.ready()
    await app.close()
    expect(events).toEqual(['startup', 'shutdown'])
  })
})
