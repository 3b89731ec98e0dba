import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI runs a function-scoped dependency's exit code after the endpoint AND the response
// model, before the response is sent: what the model reads (a lazy attribute of an ORM row)
// is read while the session is still open, and a value that fails the model is an error the
// dependency sees (a rollback).
describe('a function-scoped dependency and the response model', () => {
  it('cleans up after the response model has read the value, before the response is sent', async () => {
    const app = await buildApp()
    const events: string[] = []
    const getSession = Depends({ scope: 'function' }, function * getSession () {
      events.push('session opened')
      yield { open: true }
      events.push('session closed')
    })
    app.addHook('onSend', async () => { events.push('onSend') })
    app.api.get('/items/{item_id}', {
      params: z.object({ item_id: z.int() }),
      deps: { session: getSession },
      response: z.object({ id: z.int(), name: z.string() }),
    }, ({ params }) => {
      events.push('handler')
      // A lazy field, as an ORM row's: read by the response model.
      return { id: params.item_id, get name () { events.push('name read'); return 'Plumbus' } }
    })

    const res = await app.inject('/items/1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ id: 1, name: 'Plumbus' })
    expect(events.indexOf('name read')).toBeGreaterThan(events.indexOf('handler'))
    expect(events.slice(events.lastIndexOf('name read') + 1)).toEqual(['session closed', 'onSend'])
  })

  it('throws a value that fails the response model into the dependency, which rolls back; the answer is a 500', async () => {
    const app = await buildApp()
    const events: string[] = []
    const getSession = Depends({ scope: 'function' }, function * getSession () {
      try {
        yield 'session'
        events.push('commit')
      } catch (error) {
        events.push(`rollback after ${(error as Error).name}`)
        throw error
      }
    })
    // @ts-expect-error  the price is not a number: the bug this test is about
    app.api.get('/broken', { deps: { session: getSession }, response: z.object({ price: z.number() }) }, () => ({ price: 'free' }))

    const res = await app.inject('/broken')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(events).toEqual(['rollback after ResponseValidationError'])
  })
})
