import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Piscina } from 'piscina'
import { HTTPException, type ExceptionHeaders } from '../errors/http-exception.js'
import { FFA_ERR_CPU_TASK_INVALID, FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject, checkPositiveInteger } from '../shared/options.js'
import type { Outcome } from './cpu-worker.js'

export interface CpuPoolOptions {
  /** Worker threads at most (default: the machine's cores less one, at least 1). */
  maxThreads?: number
  /** Tasks waiting for a thread at most (default 1000); past it a task fails with a 503 at once. */
  maxQueue?: number
  /** How long an idle thread is kept, in ms (default 30 000). */
  idleTimeoutMs?: number
}

/** A function that runs on the pool: typed as the module's function, answering a promise. */
export type CpuTask<TFunction> = TFunction extends (argument: infer TArgument) => infer TResult
  ? (argument: TArgument, options?: { signal?: AbortSignal }) => Promise<Awaited<TResult>>
  : never

/** An error a CPU task threw on its thread, without its class: its name, message and stack come back. */
export class CpuTaskError extends Error {
  constructor (name: string, message: string, stack: string | undefined) {
    super(message)
    this.name = name
    if (stack !== undefined) this.stack = stack
  }
}

const PLUGIN = 'CpuPool'
// The wrapper the threads run; beside this file, as TypeScript when this package runs from its sources.
const WORKER = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './cpu-worker.ts' : './cpu-worker.js', import.meta.url))

/**
 * A pool of worker threads (piscina) for CPU-bound work: what FastAPI does by running a `def`
 * endpoint in its threadpool. In Node a CPU-bound handler stops every other request until it
 * returns; on the pool, it runs beside them. The function lives in a module of its own (a
 * thread loads it) and takes and returns what `structuredClone` carries. An HTTPException it
 * throws answers with its status; any other error is a 500, logged, as in a handler.
 *
 * @example
 * // slow-hash.ts
 * export function slowHash ({ text, rounds }: { text: string, rounds: number }) { ... }
 * // main.ts
 * import type { slowHash as SlowHash } from './slow-hash.js'
 * const pool = new CpuPool()
 * app.addHook('onClose', () => pool.close())
 * const slowHash = pool.task<typeof SlowHash>(new URL('./slow-hash.js', import.meta.url), 'slowHash')
 * app.api.post('/hash', { body: HashRequest }, async ({ body }) => ({ digest: await slowHash(body) }))
 */
export class CpuPool {
  readonly #options: Required<CpuPoolOptions>
  #pool: Promise<Piscina> | undefined
  #closed = false

  constructor (options: CpuPoolOptions = {}) {
    const { maxThreads = Math.max(1, availableParallelism() - 1), maxQueue = 1000, idleTimeoutMs = 30_000 } =
      checkOptionsObject(PLUGIN, options, ['maxThreads', 'maxQueue', 'idleTimeoutMs']) as CpuPoolOptions
    checkPositiveInteger(PLUGIN, 'maxThreads', maxThreads, 'like 2')
    checkPositiveInteger(PLUGIN, 'maxQueue', maxQueue, 'like 1000')
    if (!Number.isSafeInteger(idleTimeoutMs) || idleTimeoutMs < 0) throw new FFA_ERR_OPTION_INVALID(PLUGIN, 'idleTimeoutMs', `must be a whole number of milliseconds, 0 or more; got ${String(idleTimeoutMs)}`)
    this.#options = { maxThreads, maxQueue, idleTimeoutMs }
  }

  /**
   * The function `name` of the module at `module` (a file URL: `new URL('./x.js', import.meta.url)`),
   * as an async function that runs it on the pool. Type it with the function: `task<typeof fn>(...)`.
   */
  task<TFunction extends (argument: never) => unknown> (module: URL | string, name = 'default'): CpuTask<TFunction> {
    const url = String(module)
    if (!url.startsWith('file:')) throw new FFA_ERR_CPU_TASK_INVALID(`the module must be a file URL, new URL('./task.js', import.meta.url); got ${url}.`)
    if (typeof name !== 'string' || name === '') throw new FFA_ERR_CPU_TASK_INVALID(`the function's name must be a non-empty string; got ${String(name)}.`)
    const run = async (argument: unknown, options: { signal?: AbortSignal } = {}): Promise<unknown> => {
      const pool = await this.#open()
      let outcome: Outcome
      try {
        outcome = await pool.run({ module: url, name, argument }, options.signal === undefined ? {} : { signal: options.signal }) as Outcome
      } catch (error) {
        // Piscina refuses a task when its queue is full: the server is too busy for now.
        if ((error as Error).message.includes('queue is at limit')) throw new HTTPException(503, 'The server is too busy: try again later', { 'Retry-After': '1' })
        throw error
      }
      if (outcome.ok) return outcome.value
      const { error } = outcome
      if (error.status !== undefined && error.status >= 400 && error.status <= 599) throw new HTTPException(error.status, error.detail, error.headers as ExceptionHeaders | undefined)
      throw new CpuTaskError(error.name, error.message, error.stack)
    }
    return run as CpuTask<TFunction>
  }

  /** Stops the threads (running tasks fail); call it when the app closes. */
  async close (): Promise<void> {
    this.#closed = true
    const pool = this.#pool
    this.#pool = undefined
    if (pool !== undefined) await (await pool).destroy()
  }

  // piscina is loaded, and the threads started, by the first task.
  #open (): Promise<Piscina> {
    if (this.#closed) return Promise.reject(new Error('The CPU pool is closed'))
    this.#pool ??= import('piscina').then(({ Piscina }) => new Piscina({
      filename: WORKER,
      maxThreads: this.#options.maxThreads,
      minThreads: 0,
      maxQueue: this.#options.maxQueue,
      idleTimeout: this.#options.idleTimeoutMs,
    }))
    return this.#pool
  }
}
