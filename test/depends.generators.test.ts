import { describe, expect, it } from 'vitest'
import { Depends } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'

describe('generator dependencies', () => {
  for (const [kind, dependency] of [
    ['sync', Depends(function * neverYields () { return 'no value' })],
    ['async', Depends(async function * neverYieldsAsync () { return 'no value' })],
  ] as const) {
    it(`answers 500 and logs FFA_ERR_DEP_NOT_YIELDED when a ${kind} generator returns without yielding`, async () => {
      const logs = captureLogs()
      const app = await buildApp({}, { logger: { stream: logs.stream } })
      let handled = false
      app.api.get('/items/', { deps: { value: dependency } }, () => { handled = true; return [] })

      const res = await app.inject('/items/')
      expect(res.statusCode, res.body).toBe(500)
      expect(res.json()).toEqual({ detail: 'Internal Server Error' })
      expect(handled).toBe(false)
      const logged = logs.lines.find((line) => line.level === 50)
      const err = logged?.err as { code?: string, message?: string } | undefined
      expect(err?.code).toBe('FFA_ERR_DEP_NOT_YIELDED')
      expect(err?.message).toContain(`The generator dependency ${kind === 'sync' ? 'neverYields' : 'neverYieldsAsync'} returned without yielding a value`)
    })
  }

  it('cleans up an async generator with scope "function" when the handler returns, before the response is sent', async () => {
    const app = await buildApp()
    const events: string[] = []
    const perFunction = Depends({ scope: 'function' }, async function * perFunction () {
      events.push('setup')
      try {
        yield 'session'
      } finally {
        await new Promise((resolve) => setTimeout(resolve, 10))
        events.push('cleanup')
      }
    })
    app.addHook('onSend', async () => { events.push('onSend') })
    app.api.get('/scoped', { deps: { session: perFunction } }, ({ deps }) => {
      events.push('handler')
      return { session: deps.session }
    })

    const res = await app.inject('/scoped')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ session: 'session' })
    expect(events).toEqual(['setup', 'handler', 'cleanup', 'onSend'])
  })
})
