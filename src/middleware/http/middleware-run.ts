import type { FastifyReply, FastifyRequest } from 'fastify'
import { isServerError } from '../../errors/exception-handlers.js'
import { Response } from '../../responses/response.js'
import { FFA_ERR_MIDDLEWARE_MISUSE } from '../../shared/codes.js'
import { isPromiseLike } from '../../shared/is-promise-like.js'
import { describeValue } from '../../shared/options.js'
import { CallNextResponse, discard, type ResponseSource } from './call-next-response.js'
import { renderError, renderResponse, type RenderedResponse } from './render-response.js'
import type { HTTPMiddleware, MiddlewareResult } from './types.js'

// Where a run is. The middleware's code before `callNext` runs inside Fastify's onRequest;
// `callNext` lets the request go on to the route, and the code after it runs inside onSend.
const BEFORE = 0 //  the route has not been called (a middleware may answer without it)
const ROUTE = 1 //   Fastify is running the route
const SEND = 2 //    the route's response waits in onSend for the middleware to finish
const DONE = 3 //    the answer is settled: onSend lets it through

type Proceed = (error?: Error) => void
type SendDone = (error: Error | null, payload?: unknown) => void

const NO_ERROR = Symbol('no error')
const noop = (): void => {}

/**
 * One request's way through an app's HTTP middleware, outermost first: each middleware is
 * called with a `callNext` that starts the next one inside, and the innermost's starts the
 * route. The route's response (or a middleware's own) goes back out through each in turn.
 */
export class MiddlewareRun implements ResponseSource {
  #phase = BEFORE
  /** The body, as Fastify's onSend holds it (text, bytes, a stream, nothing). */
  payload: unknown = undefined
  /** The error the route raised, if it raised one (from Fastify's onError). */
  #routeError: unknown = NO_ERROR
  readonly owner: object
  readonly request: FastifyRequest
  readonly reply: FastifyReply
  readonly #chain: readonly HTTPMiddleware[]
  #proceed: Proceed | undefined
  #sendDone: SendDone | undefined
  #route: Promise<CallNextResponse> | undefined
  #resolveRoute: ((response: CallNextResponse) => void) | undefined
  #rejectRoute: ((error: unknown) => void) | undefined
  #sendWaiter: (() => void) | undefined
  #response: CallNextResponse | undefined
  // The innermost middleware started: only it may call `callNext`, once.
  #deepest: number

  constructor (owner: object, request: FastifyRequest, reply: FastifyReply, chain: readonly HTTPMiddleware[], proceed: Proceed) {
    this.owner = owner
    this.request = request
    this.reply = reply
    this.#chain = chain
    this.#proceed = proceed
    this.#deepest = chain.length
  }

  /** Calls the outermost middleware (the last added, as in FastAPI). */
  start (): void {
    let entered: Promise<void> | undefined
    try {
      entered = this.#enter(this.#chain.length - 1)
    } catch (error) {
      this.#fail(error)
      return
    }
    if (entered === undefined) this.#finish()
    else entered.then(() => this.#finish(), (error: unknown) => this.#fail(error))
  }

  /** Fastify's onError: the route raised this error (its answer follows, through onSend). */
  routeFailed (error: unknown): void {
    if (this.#phase === ROUTE) this.#routeError = error
  }

  /** Fastify's onSend: the response is made; the middleware that waited on `callNext` goes on. */
  resume (payload: unknown, done: SendDone): void {
    if (this.#phase !== ROUTE) {
      // DONE: the answer is settled (a middleware's own, or the error handler's for a
      // middleware's error). BEFORE: a middleware sent through `reply` itself.
      this.#phase = DONE
      done(null, payload)
      return
    }
    this.payload = payload
    this.#sendDone = done
    this.#phase = SEND
    const waiter = this.#sendWaiter
    if (waiter !== undefined) {
      this.#sendWaiter = undefined
      waiter()
    }
    const error = this.#routeError
    if (error !== NO_ERROR && isServerError(this.request, error)) {
      // Handled here, so that a middleware that never awaited `callNext` leaves no unhandled rejection.
      this.#route?.catch(noop)
      this.#rejectRoute?.(error)
    } else {
      this.#resolveRoute?.(this.#view())
    }
  }

  #view (): CallNextResponse {
    this.#response ??= new CallNextResponse(this)
    return this.#response
  }

  // Fast path: no promise of ours when the middleware is sync or returns the response it got.
  #enter (index: number): Promise<void> | undefined {
    const middleware = this.#chain[index] as HTTPMiddleware
    this.#deepest = index
    const result = middleware(this.request, () => this.#callNext(index))
    return isPromiseLike(result)
      ? Promise.resolve(result).then((value) => this.#accept(value, middleware))
      : this.#accept(result, middleware)
  }

  #callNext (index: number): Promise<CallNextResponse> {
    if (this.#deepest !== index) {
      return Promise.reject(new FFA_ERR_MIDDLEWARE_MISUSE(nameOf(this.#chain[index]), 'called callNext twice: the rest of the app runs once per request. Keep the response the first call gave.'))
    }
    if (index > 0) {
      const next = settle(() => this.#enter(index - 1)).then(() => this.#view())
      // Handled, so that a middleware that never awaits `callNext` leaves no unhandled rejection.
      next.catch(noop)
      return next
    }
    this.#deepest = -1
    const route = new Promise<CallNextResponse>((resolve, reject) => {
      this.#resolveRoute = resolve
      this.#rejectRoute = reject
    })
    this.#route = route
    this.#phase = ROUTE
    const proceed = this.#proceed as Proceed
    this.#proceed = undefined
    proceed()
    return route
  }

  // Waits for the route's response when a middleware settles without awaiting `callNext`.
  #untilSent (): Promise<void> {
    return new Promise((resolve) => { this.#sendWaiter = resolve })
  }

  #accept (result: MiddlewareResult, middleware: HTTPMiddleware): Promise<void> | undefined {
    if (result !== undefined && result === this.#response) return undefined
    if (!(result instanceof Response)) {
      throw new FFA_ERR_MIDDLEWARE_MISUSE(nameOf(middleware), `returned ${result === undefined ? 'nothing' : describeValue(result)}: return the response callNext gave (changed or not), or a Response of your own (JSONResponse, PlainTextResponse ...).`)
    }
    return this.#replaceWith(result)
  }

  async #replaceWith (response: Response): Promise<void> {
    if (this.#phase === ROUTE) await this.#untilSent()
    this.#apply(await renderResponse(response, this.request))
  }

  // It replaces the body the route (or a middleware inside) answered, and what described it;
  // other headers stay (those of CORS, a request id, a cookie), under the response's own.
  #apply (rendered: RenderedResponse): void {
    this.#dropBody()
    this.reply.code(rendered.status)
    this.reply.headers(rendered.headers)
    this.payload = rendered.payload
  }

  #dropBody (): void {
    discard(this.payload)
    this.payload = undefined
    for (const name of BODY_HEADERS) this.reply.removeHeader(name)
  }

  #finish (): void {
    const phase = this.#phase
    if (phase === ROUTE) {
      this.#untilSent().then(() => this.#finish(), noop)
      return
    }
    this.#phase = DONE
    // A middleware answered without calling the route: sent now, through the onSend hooks.
    if (phase === BEFORE) this.reply.send(this.payload)
    else if (phase === SEND) (this.#sendDone as SendDone)(null, this.payload)
  }

  #fail (error: unknown): void {
    const phase = this.#phase
    if (phase === ROUTE) {
      this.#untilSent().then(() => this.#fail(error), noop)
      return
    }
    this.#phase = DONE
    if (phase === BEFORE) {
      // Before the route: Fastify's error handling answers, as for an error in any hook.
      this.#dropBody()
      ;(this.#proceed as Proceed)(asError(error))
      return
    }
    if (phase !== SEND) return
    const sendDone = this.#sendDone as SendDone
    if (error === this.#routeError) {
      // The route's own server error, out through every middleware: the app's 500 stands.
      sendDone(null, this.payload)
    } else if (this.#routeError === NO_ERROR) {
      // A middleware's error after the route: the app's error handler answers it in place of
      // the route's response.
      this.#dropBody()
      sendDone(asError(error))
    } else {
      // Fastify hands a request's second error to the next error handler up (its own default,
      // another shape, the message shown): the errors plugin's answer is made here instead.
      renderError(error, this.request).then((rendered) => {
        this.#apply(rendered)
        sendDone(null, this.payload)
      }, (renderFailure: unknown) => { sendDone(asError(renderFailure)) })
    }
  }
}

// What describes a body: they go with the body a middleware's own response replaces.
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-range', 'content-disposition', 'etag', 'last-modified'] as const

// A sync throw becomes a rejection, and a sync result a resolved promise.
function settle (run: () => Promise<void> | undefined): Promise<void> {
  try {
    return Promise.resolve(run())
  } catch (error) {
    return Promise.reject(error)
  }
}

function nameOf (middleware: HTTPMiddleware | undefined): string {
  return middleware?.name === undefined || middleware.name === '' ? '(anonymous)' : middleware.name
}

function asError (value: unknown): Error {
  return value instanceof Error ? value : Object.assign(new Error(`A non-Error value was thrown: ${describeValue(value)}`), { thrown: value })
}
