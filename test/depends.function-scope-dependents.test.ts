import { describe, expect, it } from 'vitest'
import { Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

class Session {
  open = true
}

// FastAPI's rule (fastapi/dependencies/utils.py): a request-scoped generator holds what it
// uses until after the response, so it cannot use a function-scoped dependency, closed
// before; a plain function is done with it when it returns, so it may.
describe('what may depend on a function-scoped dependency', () => {
  it('lets a plain dependency use a function-scoped one, which is closed before the response', async () => {
    const app = await buildApp()
    const sessions: Session[] = []
    const getSession = Depends({ scope: 'function' }, function * getSession () {
      const session = new Session()
      sessions.push(session)
      yield session
      session.open = false
    })
    const repository = Depends({ deps: { session: getSession } }, function repository ({ deps }) {
      return { sessionOpen: deps.session.open }
    })
    app.api.get('/regular-function-scope', { deps: { repository } }, ({ deps }) => deps.repository)

    const res = await app.inject('/regular-function-scope')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ sessionOpen: true })
    expect(sessions.map((session) => session.open)).toEqual([false])
  })

  it('refuses a request-scoped generator that uses a function-scoped one, at registration', async () => {
    const app = await buildApp()
    const getSession = Depends({ scope: 'function' }, function * getSession () { yield new Session() })
    const getNamedSession = Depends({ deps: { session: getSession } }, function * getNamedSession ({ deps }) { yield deps.session })

    expect(() => app.api.get('/broken-scope', { deps: { sessions: getNamedSession } }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_SCOPE',
      message: 'route GET /broken-scope: the dependency "getNamedSession" has the scope "request", so it cannot depend on "getSession", whose scope is "function": give getSession a scope that lives as long, or move it.',
    }))
  })

  it('lets a function-scoped generator use a request-scoped one, which outlives it', async () => {
    const app = await buildApp()
    const events: string[] = []
    const getConnection = Depends(async function * getConnection () { yield 'connection'; events.push('connection released') })
    const getSession = Depends({ scope: 'function', deps: { connection: getConnection } }, async function * getSession ({ deps }) {
      yield `session on ${deps.connection}`
      events.push('session committed')
    })
    app.api.get('/', { deps: { session: getSession } }, ({ deps }) => ({ session: deps.session }))

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ session: 'session on connection' })
    await expect.poll(() => events).toEqual(['session committed', 'connection released'])
  })
})
