import type { FastifyReply } from 'fastify'

/**
 * The headers of the response `callNext` gave, read and changed where Fastify keeps them
 * (Starlette's `response.headers`, a `MutableHeaders`; the methods of fetch's `Headers`).
 * Names are case-insensitive.
 *
 * @example
 * response.headers.set('X-Process-Time', String(seconds))   // response.headers["X-Process-Time"] = ...
 * response.headers.get('content-type')                       // 'application/json; charset=utf-8'
 */
export class ResponseHeaders implements Iterable<[string, string]> {
  readonly #reply: FastifyReply

  constructor (reply: FastifyReply) {
    this.#reply = reply
  }

  /** The value, several joined with `, ` as fetch does; `undefined` when absent. */
  get (name: string): string | undefined {
    const value = this.#reply.getHeader(name)
    if (value === undefined) return undefined
    return Array.isArray(value) ? value.join(', ') : String(value)
  }

  /** Each `Set-Cookie` header on its own (fetch's `getSetCookie()`). */
  getSetCookie (): string[] {
    const value = this.#reply.getHeader('set-cookie')
    if (value === undefined) return []
    return Array.isArray(value) ? value.map(String) : [String(value)]
  }

  has (name: string): boolean {
    return this.#reply.hasHeader(name)
  }

  /** Sets the header, replacing what it held (`Set-Cookie` too: use `append` to add one). */
  set (name: string, value: string | number): this {
    // Fastify's `header()` adds to a Set-Cookie rather than replacing it.
    if (name.toLowerCase() === 'set-cookie') this.#reply.removeHeader(name)
    this.#reply.header(name, String(value))
    return this
  }

  /** Adds a value: another `Set-Cookie` header, or `, value` after any other header's. */
  append (name: string, value: string): this {
    const current = this.get(name)
    this.#reply.header(name, current === undefined || name.toLowerCase() === 'set-cookie' ? value : `${current}, ${value}`)
    return this
  }

  delete (name: string): void {
    this.#reply.removeHeader(name)
  }

  /** `[name, value]` pairs, lower-case names: `Object.fromEntries(response.headers)` is Starlette's `dict(response.headers)`. */
  * [Symbol.iterator] (): IterableIterator<[string, string]> {
    const headers = this.#reply.getHeaders()
    for (const name of Object.keys(headers)) {
      const value = headers[name]
      if (value !== undefined) yield [name, Array.isArray(value) ? value.join(', ') : String(value)]
    }
  }
}
