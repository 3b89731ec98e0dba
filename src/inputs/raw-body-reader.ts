import type { FastifyInstance } from 'fastify'

/**
 * A route option that reads the route's body itself, from its exact bytes (a webhook
 * receiver, which checks a signature over them). Such a route is served from an encapsulated
 * scope of its own, so the app's body parsers, and every other route, stay as they are.
 */
export interface RawBodyReader {
  /**
   * Called once, when the route is compiled for `instance` (a mistake throws there); returns
   * what sets the route's own scope up: its body parser and hooks.
   */
  compileFor (instance: FastifyInstance, route: string): (scope: FastifyInstance) => void
  /** What the docs add to the route's operation (the signature headers), merged as `openapiExtra` is; a fresh object each call. */
  openapiOperation? (): Record<string, unknown>
}

export function isRawBodyReader (value: unknown): value is RawBodyReader {
  return typeof value === 'object' && value !== null && typeof (value as RawBodyReader).compileFor === 'function'
}
