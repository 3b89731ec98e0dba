import type { FastifyReply, FastifyRequest } from 'fastify'
import { existingBackgroundOf } from '../background/request-background.js'
import { CleanupStack } from './cleanup.js'
import type { DependencyScope } from './types.js'

/**
 * The cleanups of one request. Function-scoped ones run once the handler has returned and
 * its value went through the response model, before the response is sent (FastAPI's
 * `scope="function"`); request-scoped ones once the response is over (sent, streamed to its
 * end, or cut off by the client), the handler has settled and the request's background tasks
 * have run, so a task can still use the session a dependency yielded (FastAPI's `scope="request"`). When
 * the handler throws, both get its error first, before the error response, so a dependency
 * can answer it.
 */
export class RequestCleanup {
  readonly function: CleanupStack
  readonly request: CleanupStack
  private responseClosed = false
  private handlerSettled = false
  private done = false
  // The handler was given up for its handlerTimeout: what its dependencies set up later is closed when it settles.
  private abandoned = false
  private readonly owner: FastifyRequest

  constructor (reply: FastifyReply) {
    this.owner = reply.request
    this.function = new CleanupStack(reply.log)
    this.request = new CleanupStack(reply.log)
    // 'close' comes after the last byte is written, or when the connection is lost first. The
    // client may be gone already (during a slow hook, before the handler): no 'close' comes then.
    if (reply.raw.destroyed) {
      this.responseClosed = true
      return
    }
    reply.raw.once('close', () => {
      this.responseClosed = true
      this.closeWhenOver()
    })
    // Fastify answers a route past its handlerTimeout with 503 and aborts request.signal, but the
    // handler may never settle: without this its dependencies would hold their connections forever.
    if (this.owner.routeOptions.handlerTimeout > 0) {
      this.owner.signal.addEventListener('abort', () => { this.timedOut(this.owner.signal.reason) }, { once: true })
    }
  }

  /** The route ran past its handlerTimeout: every cleanup gets the timeout error now, settled or not. */
  private timedOut (reason: unknown): void {
    if (this.done || this.handlerSettled || (reason as { code?: unknown } | null)?.code !== 'FST_ERR_HANDLER_TIMEOUT') return
    this.done = true
    this.abandoned = true
    void this.function.throwInto(reason).then((left) => this.request.throwInto(left))
  }

  stackFor (scope: DependencyScope): CleanupStack {
    return scope === 'function' ? this.function : this.request
  }

  /** Whether a function-scoped generator waits for its cleanup. */
  get hasFunctionCleanup (): boolean {
    return this.function.size > 0
  }

  /**
   * The handler returned and its value went through the response model: function-scoped
   * cleanups run now, before the response is sent. One that throws makes the request fail
   * (its error is thrown from here, and `handlerThrew` takes it on to the request-scoped ones).
   */
  async handlerReturned (): Promise<void> {
    if (this.function.size > 0) await this.function.exit()
  }

  /** The handler (or a dependency) threw: every cleanup gets the error; returns the one to answer. */
  async handlerThrew (error: unknown): Promise<unknown> {
    this.done = true
    const afterFunction = await this.function.throwInto(error)
    return this.request.throwInto(afterFunction)
  }

  /** The handler settled, one way or the other. */
  settled (): void {
    this.handlerSettled = true
    if (this.abandoned) void this.function.close().then(() => this.request.close())
    else this.closeWhenOver()
  }

  private closeWhenOver (): void {
    if (this.done || !this.responseClosed || !this.handlerSettled) return
    this.done = true
    const tasks = existingBackgroundOf(this.owner)
    const tasksDone = tasks === undefined ? Promise.resolve() : tasks.finished()
    void tasksDone.then(() => this.function.close()).then(() => this.request.close())
  }
}
