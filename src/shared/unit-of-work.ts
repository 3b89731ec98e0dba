import type { FastifyRequest } from 'fastify'
import { kUnitOfWork } from './symbols.js'

type Work = () => Promise<void>

/**
 * A request's unit of work (its database transaction), as the code that commits it sees it:
 * work that must happen only after the commit (sending the jobs the request enqueued) waits
 * here, runs on `committed()` and is dropped on `rolledBack()`. It sits at the bottom floor
 * so that a database layer and the jobs share it without knowing each other.
 *
 * @example
 * const transaction = Depends({ scope: 'function' }, async function* ({ request }) {
 *   const work = beginUnitOfWork(request)
 *   const trx = await db.startTransaction().execute()
 *   try {
 *     yield trx
 *     await trx.commit().execute()
 *   } catch (error) {
 *     await trx.rollback().execute()
 *     work.rolledBack()
 *     throw error
 *   }
 *   await work.committed()      // the jobs enqueued in the transaction are sent now
 * })
 */
export class UnitOfWork {
  #waiting: Work[] = []
  #state: 'open' | 'committed' | 'rolledBack' = 'open'

  get state (): 'open' | 'committed' | 'rolledBack' {
    return this.#state
  }

  /** Runs `work` once the unit commits (at once if it has); never if it rolls back. */
  async afterCommit (work: Work): Promise<void> {
    if (this.#state === 'committed') return work()
    if (this.#state === 'open') this.#waiting.push(work)
  }

  /** The commit went through: the waiting work runs, in order; the first error is thrown once all ran. */
  async committed (): Promise<void> {
    this.#state = 'committed'
    const waiting = this.#waiting
    this.#waiting = []
    let failure: { error: unknown } | undefined
    for (const work of waiting) {
      try {
        await work()
      } catch (error) {
        failure ??= { error }
      }
    }
    if (failure !== undefined) throw failure.error
  }

  /** The transaction rolled back: the waiting work is dropped. */
  rolledBack (): void {
    this.#state = 'rolledBack'
    this.#waiting = []
  }
}

type WithUnitOfWork = FastifyRequest & { [kUnitOfWork]?: UnitOfWork }

/** Starts the request's unit of work (a transaction begins): what runs after its commit waits for it. */
export function beginUnitOfWork (request: FastifyRequest): UnitOfWork {
  const work = new UnitOfWork()
  ;(request as WithUnitOfWork)[kUnitOfWork] = work
  return work
}

/** The request's unit of work, if a transaction began one and has not ended it. */
export function openUnitOfWork (request: FastifyRequest): UnitOfWork | undefined {
  const work = (request as WithUnitOfWork)[kUnitOfWork]
  return work?.state === 'open' ? work : undefined
}
