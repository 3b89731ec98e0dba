import type { FastifyInstance } from 'fastify'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'

/**
 * FastAPI's `lifespan`: a generator whose code before `yield` runs when the app starts and
 * after `yield` when it closes.
 *
 * @example
 * await app.register(fastapi, {
 *   async * lifespan (app) {
 *     mlModels.answer = await loadModel()   // startup
 *     yield
 *     mlModels.answer = undefined           // shutdown
 *   },
 * })
 */
export type Lifespan = (app: FastifyInstance) => AsyncGenerator<unknown, unknown, unknown> | Generator<unknown, unknown, unknown>

const GENERATOR_FUNCTIONS = new Set(['GeneratorFunction', 'AsyncGeneratorFunction'])

/**
 * Adds a lifespan's hooks. Startup runs before the app-scoped dependencies are created and
 * shutdown after they are closed (and after background tasks drained), as long as these
 * hooks are added before the depends and background plugins are registered.
 */
export function addLifespan (app: FastifyInstance, lifespan: Lifespan, plugin: string): void {
  if (typeof lifespan !== 'function' || !GENERATOR_FUNCTIONS.has(lifespan.constructor.name)) {
    throw new FFA_ERR_OPTION_INVALID(plugin, 'lifespan', `must be a generator function, async function* lifespan (app) { /* startup */ yield; /* shutdown */ }; got ${describeValue(lifespan)}`)
  }
  let running: ReturnType<Lifespan> | undefined
  app.addHook('onReady', async function startLifespan () {
    running = lifespan(app)
    await running.next()
  })
  app.addHook('onClose', async function endLifespan () {
    await running?.next()
  })
}
