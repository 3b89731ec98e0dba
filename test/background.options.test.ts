import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi } from 'fastify-fastapi'
import fastapiBackground from 'fastify-fastapi/background'

function fastify () {
  const app = Fastify()
  onTestFinished(() => app.close())
  return app
}

describe('background and lifespan options', () => {
  it.each([
    [{ drainTimeoutMs: -1 }, "fastify-fastapi/background: option 'drainTimeoutMs' must be a whole number of milliseconds, 0 or more; got number -1"],
    [{ drainTimeoutMs: 1.5 }, "fastify-fastapi/background: option 'drainTimeoutMs' must be a whole number of milliseconds, 0 or more; got number 1.5"],
    [{ drainTimeoutMs: '5000' }, "fastify-fastapi/background: option 'drainTimeoutMs' must be a whole number of milliseconds, 0 or more; got string '5000'"],
    [{ drainTimeoutMs: Infinity }, "fastify-fastapi/background: option 'drainTimeoutMs' must be a whole number of milliseconds, 0 or more; got number Infinity"],
    [{ timeout: 10 }, "fastify-fastapi/background: option 'timeout' is not an option of fastify-fastapi/background; its options are: drainTimeoutMs"],
  ])('the background plugin refuses %j with a message naming the option', async (options, message) => {
    const app = fastify()
    // @ts-expect-error  each of these options is wrong on purpose
    await expect(app.register(fastapiBackground, options)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
  })

  it('the preset refuses a bad background option the same way', async () => {
    const app = fastify()
    await expect(app.register(fastapi, { background: { drainTimeoutMs: -1 } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi/background: option 'drainTimeoutMs' must be a whole number of milliseconds, 0 or more; got number -1",
    })
  })

  it('the preset refuses background: true (false or an object)', async () => {
    const app = fastify()
    // @ts-expect-error  true is not an options object
    await expect(app.register(fastapi, { background: true })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi: option 'background' must be false (to switch it off) or an options object; got boolean true",
    })
  })

  it.each([
    ['an async function', async function setup () {}, '[AsyncFunction: setup]'],
    ['an arrow function', () => undefined, '[Function (anonymous)]'],
    ['an object', { startup () {}, shutdown () {} }, '{ startup: [Function: startup], shutdown: [Function: shutdown] }'],
  ])('the preset refuses a lifespan that is %s, not a generator function', async (_kind, lifespan, shown) => {
    const app = fastify()
    // @ts-expect-error  not a generator function, on purpose
    await expect(app.register(fastapi, { lifespan })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: `fastify-fastapi: option 'lifespan' must be a generator function, async function* lifespan (app) { /* startup */ yield; /* shutdown */ }; got ${typeof lifespan} ${shown}`,
    })
  })
})
