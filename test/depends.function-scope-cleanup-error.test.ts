import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { APIRouter, Depends, HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI (tests/test_dependency_yield_scope.py): an exception raised after `yield` by a
// function-scoped dependency becomes the answer, since it exits before the response is sent;
// a request-scoped one exits after, when the answer is gone. A commit that fails in a
// function-scoped session is a 500 (or the HTTPException it raises), never a 201.
function raiseAfterYield (scope: 'function' | 'request') {
  return Depends({ scope, name: `raise after yield (${scope})` }, function * () {
    yield
    throw new HTTPException(503, 'Exception after yield')
  })
}

describe('an error in a function-scoped cleanup', () => {
  it('answers with the HTTPException a function-scoped dependency raises after its yield', async () => {
    const app = await buildApp()
    app.api.get('/', { dependencies: [raiseAfterYield('function')] }, () => ({ status: 'ok' }))

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toEqual({ detail: 'Exception after yield' })
  })

  it('answers 200 when a request-scoped dependency raises after its yield: the response was sent before', async () => {
    const app = await buildApp({}, { logger: { level: 'silent' } })
    app.api.get('/', { dependencies: [raiseAfterYield('request')] }, () => ({ status: 'ok' }))

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('does the same for a function-scoped dependency of a router and of the app', async () => {
    const app = await buildApp({ depends: { dependencies: [raiseAfterYield('function')] } })
    const router = new APIRouter({ prefix: '/router-scope-function', dependencies: [raiseAfterYield('function')] })
    router.get('/', () => ({ status: 'ok' }))
    await app.register(router)
    app.api.get('/app-scope-function', () => ({ status: 'ok' }))

    for (const url of ['/router-scope-function/', '/app-scope-function']) {
      const res = await app.inject(url)
      expect(res.statusCode, res.body).toBe(503)
      expect(res.json()).toEqual({ detail: 'Exception after yield' })
    }
  })

  it('answers a failed commit with a 500, and throws its error into the request-scoped dependencies and the function-scoped ones set up before', async () => {
    const app = await buildApp({}, { logger: { level: 'silent' } })
    const events: string[] = []
    const seeing = (name: string, scope: 'function' | 'request') => Depends({ scope, name }, async function * () {
      try {
        yield name
        events.push(`${name} closed`)
      } catch (error) {
        events.push(`${name} saw ${(error as Error).message}`)
        throw error
      }
    })
    const getSession = Depends({ scope: 'function' }, async function * getSession () {
      yield 'session'
      await sleep(1)
      throw new Error('could not serialize access due to concurrent update')
    })
    const connection = seeing('connection', 'request')
    const tracing = seeing('tracing', 'function')
    const audit = seeing('audit', 'function')
    app.api.post('/orders/', { deps: { connection, tracing, session: getSession, audit }, status: 201 }, ({ background }) => {
      background.add(function sendReceipt () { events.push('receipt sent') })
      return { id: 1 }
    })

    const res = await app.inject({ method: 'POST', url: '/orders/' })
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    await sleep(20)
    // Last set up, first closed: audit closes; the session's commit fails; the ones before it see the error.
    expect(events).toEqual([
      'audit closed',
      'tracing saw could not serialize access due to concurrent update',
      'connection saw could not serialize access due to concurrent update',
    ])
  })
})
