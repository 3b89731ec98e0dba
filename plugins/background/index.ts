import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { refusePlainDependenciesWithoutPlugin } from '../../src/depends/plain-routes.js'
import type { BackgroundTasks } from '../../src/background/background-tasks.js'
import { sweepIdleConnections } from '../../src/background/idle-sweep.js'
import { backgroundOf, existingBackgroundOf, type BackgroundState } from '../../src/background/request-background.js'
import { TaskRunner, type BackgroundStats } from '../../src/background/task-runner.js'
import { FFA_ERR_OPTION_INVALID } from '../../src/shared/codes.js'
import { checkOptionsObject, describeValue } from '../../src/shared/options.js'
import { kBackgroundState, kBackgroundTasks } from '../../src/shared/symbols.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's background tasks: `stats()` gives pending, running, failed and completed, for health checks. */
    readonly backgroundTasks: { stats (): BackgroundStats }
  }
  interface FastifyReply {
    /** Tasks to run after this response is sent (FastAPI's `BackgroundTasks`), on plain Fastify routes. */
    readonly background: BackgroundTasks
  }
}

export interface BackgroundOptions {
  /** How long `app.close()` waits for accepted background tasks, in ms (default 10 000); those still running are logged by name. */
  drainTimeoutMs?: number
}

const PLUGIN = 'fastify-fastapi/background'

function resolveBackgroundOptions (opts: BackgroundOptions | undefined): Required<BackgroundOptions> {
  const { drainTimeoutMs = 10_000 } = checkOptionsObject(PLUGIN, opts, ['drainTimeoutMs']) as BackgroundOptions
  if (!Number.isInteger(drainTimeoutMs) || drainTimeoutMs < 0) {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'drainTimeoutMs', `must be a whole number of milliseconds, 0 or more; got ${describeValue(drainTimeoutMs)}`)
  }
  return { drainTimeoutMs }
}

async function background (app: FastifyInstance, opts: BackgroundOptions): Promise<void> {
  const options = resolveBackgroundOptions(opts)
  if (registeredBefore(app, PLUGIN, opts)) return
  refusePlainDependenciesWithoutPlugin(app)
  const state: BackgroundState = { runner: new TaskRunner(), drainTimeoutMs: options.drainTimeoutMs }

  app.decorate(kBackgroundState, state)
  app.decorate('backgroundTasks', { getter: () => state.runner })
  // null, not an object: a decorator's object would be shared by every request.
  app.decorateRequest(kBackgroundTasks, null)
  app.decorateReply('background', { getter (this: FastifyReply) { return backgroundOf(this.request, this) } })

  // A failed request drops its tasks: in FastAPI they belong to the successful response.
  app.addHook('onError', (request, _reply, _error, done) => {
    existingBackgroundOf(request)?.drop()
    done()
  })
  // Without it, a keep-alive connection busy when close() starts holds the close for 72 s.
  let stopSweep = (): void => {}
  app.addHook('preClose', async () => { stopSweep = sweepIdleConnections(app) })
  // By now the server accepts nothing and every request in flight has finished: wait for the
  // tasks they accepted (this hook runs before the depends plugin's, whose resources tasks use).
  app.addHook('onClose', async (instance) => {
    stopSweep()
    await state.runner.drain(state.drainTimeoutMs, instance.log)
  })
}

/**
 * FastAPI's `BackgroundTasks`: work that runs after the response is sent, in order, whose
 * failures are logged and touch nothing else, and that a graceful shutdown waits for.
 */
export const fastapiBackground = fp(background, { fastify: '5.x', name: 'fastify-fastapi/background' })
export default fastapiBackground

export { BackgroundTasks } from '../../src/background/background-tasks.js'
export type { BackgroundStats } from '../../src/background/task-runner.js'
