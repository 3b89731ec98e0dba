import type { FastifyReply, FastifyRequest } from 'fastify'
import type { BackgroundTasks } from '../background/background-tasks.js'
import { backgroundOf } from '../background/request-background.js'
import type { SecurityScopes } from './security-scopes.js'

/**
 * The one argument of a handler and of a dependency function: the declared inputs, the
 * dependencies' values, the scopes required along the chain, the request. A class, so every
 * context has the same shape for V8; `background` is made only when read.
 */
export class CallContext {
  constructor (
    readonly params: unknown,
    readonly query: unknown,
    readonly headers: unknown,
    readonly cookies: unknown,
    readonly body: unknown,
    readonly form: unknown,
    readonly deps: Record<string, unknown>,
    readonly securityScopes: SecurityScopes,
    readonly request: FastifyRequest | undefined,
    readonly reply: FastifyReply | undefined,
  ) {}

  /** The request's background tasks, held until the handler settles; `undefined` outside a request. */
  get background (): BackgroundTasks | undefined {
    return this.request === undefined || this.reply === undefined ? undefined : backgroundOf(this.request, this.reply, true)
  }
}
