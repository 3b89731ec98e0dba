import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { Depends, HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

interface Deferred<T = void> { promise: Promise<T>, resolve: (value: T) => void }

function deferred<T = void> (): Deferred<T> {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((settle) => { resolve = settle })
  return { promise, resolve }
}

// FastAPI's "Early exit and scope": scope="function" exits when the endpoint returns,
// scope="request" (the default for yield) after the response is sent.
function scopedDependencies (events: string[], requestCleanupWaitsFor?: Promise<void>) {
  const requestCleanedUp = deferred()
  const perFunction = Depends({ scope: 'function' }, function * perFunction () {
    events.push('setup function')
    try {
      yield 'function'
    } finally {
      events.push('cleanup function')
    }
  })
  const perRequest = Depends(async function * perRequest () {
    events.push('setup request')
    try {
      yield 'request'
    } finally {
      // Waits for the test to receive the response: proves the cleanup does not hold it back.
      if (requestCleanupWaitsFor !== undefined) await requestCleanupWaitsFor
      events.push('cleanup request')
      requestCleanedUp.resolve()
    }
  })
  return { perFunction, perRequest, requestCleanedUp: requestCleanedUp.promise }
}

describe('dependency scopes', () => {
  it('cleans up a function-scoped dependency when the handler returns, before onSend; a request-scoped one after the response', async () => {
    const app = await buildApp()
    const events: string[] = []
    const responseReceived = deferred()
    const { perFunction, perRequest, requestCleanedUp } = scopedDependencies(events, responseReceived.promise)
    app.addHook('onSend', async () => { events.push('onSend') })
    app.api.get('/scoped', { deps: { request: perRequest, function: perFunction } }, ({ deps }) => {
      events.push('handler')
      return deps
    })

    const res = await app.inject('/scoped')
    events.push('response received')
    responseReceived.resolve()
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ request: 'request', function: 'function' })
    await requestCleanedUp
    expect(events).toEqual([
      'setup request', 'setup function', 'handler', 'cleanup function', 'onSend', 'response received', 'cleanup request',
    ])
  })

  it('throws the handler error into function-scoped dependencies first, then request-scoped ones', async () => {
    const app = await buildApp()
    const events: string[] = []
    const seeing = (name: string, scope: 'function' | 'request') => Depends({ scope, name }, function * () {
      try {
        yield name
      } catch (error) {
        events.push(`${name} saw ${(error as HTTPException).status}`)
        throw error
      }
    })
    const request1 = seeing('request1', 'request')
    const function1 = seeing('function1', 'function')
    const request2 = seeing('request2', 'request')
    const function2 = seeing('function2', 'function')
    app.api.get('/fails', { deps: { request1, function1, request2, function2 } }, () => { throw new HTTPException(409, 'Conflict') })

    const res = await app.inject('/fails')
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json()).toEqual({ detail: 'Conflict' })
    expect(events).toEqual(['function2 saw 409', 'function1 saw 409', 'request2 saw 409', 'request1 saw 409'])
  })

  it('lets a function-scoped dependency be used by another function-scoped one', async () => {
    const app = await buildApp()
    const events: string[] = []
    const inner = Depends({ scope: 'function' }, function * inner () { yield 'inner'; events.push('cleanup inner') })
    const outer = Depends({ scope: 'function', deps: { inner } }, function * outer ({ deps }) { yield `outer(${deps.inner})`; events.push('cleanup outer') })
    app.api.get('/nested', { deps: { outer } }, ({ deps }) => { events.push('handler'); return { value: deps.outer } })

    const res = await app.inject('/nested')
    expect(res.json()).toEqual({ value: 'outer(inner)' })
    expect(events).toEqual(['handler', 'cleanup outer', 'cleanup inner'])
  })

  it('waits for a streamed response to end before cleaning up a request-scoped dependency', async () => {
    const app = await buildApp()
    const events: string[] = []
    const { perFunction, perRequest, requestCleanedUp } = scopedDependencies(events)
    const stream = new Readable({ read () {} })
    stream.on('end', () => events.push('stream ended'))
    const handlerReturned = deferred()
    app.api.get('/stream', { deps: { request: perRequest, function: perFunction } }, ({ reply }) => {
      events.push('handler')
      handlerReturned.resolve()
      reply.type('text/plain')
      return stream
    })

    const response = app.inject('/stream')
    await handlerReturned.promise
    stream.push('first chunk, ')
    await sleep(30)
    stream.push('second chunk, ')
    await sleep(30)
    expect(events).toEqual(['setup request', 'setup function', 'handler', 'cleanup function'])
    stream.push('last chunk')
    stream.push(null)

    const res = await response
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('first chunk, second chunk, last chunk')
    await requestCleanedUp
    expect(events).toEqual(['setup request', 'setup function', 'handler', 'cleanup function', 'stream ended', 'cleanup request'])
  })
})
