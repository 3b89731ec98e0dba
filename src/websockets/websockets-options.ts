import type { RedisClient } from '../shared/redis-client.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject, checkPositiveInteger, describeValue } from '../shared/options.js'
import { checkRedisOption } from '../shared/redis-connection.js'
import type { InvalidMessageAction } from './types.js'

export const WEBSOCKETS_PLUGIN = 'fastify-fastapi/websockets'

export interface WebSocketsOptions {
  /** The largest message a client may send, in bytes (default 1 MiB); a larger one closes the socket with 1009. */
  maxPayload?: number
  /**
   * Bytes waiting to be written to one client before it counts as too slow (default 1 MiB):
   * the socket is closed with 1008, so a client that never reads does not grow memory without bound.
   */
  maxBufferedBytes?: number
  /** Messages read ahead of a handler that does not keep up, before the socket stops reading (default 100). */
  maxQueuedMessages?: number
  /** How often every socket is pinged, in ms (default 30 000; 0: never); one that missed the last ping is cut off. */
  pingIntervalMs?: number
  /** How long a closing socket may take to answer the close before it is cut off, in ms (default 1000). */
  closeTimeoutMs?: number
  /** What an invalid incoming message gets by default: `'error-frame'` (the default; the socket stays open) or `'close'` (1007). */
  onInvalidMessage?: InvalidMessageAction
  /** Rooms across instances: a Redis URL or an ioredis client; broadcasts reach sockets on every instance. */
  redis?: string | RedisClient
  /** The prefix of the rooms' Redis channels (default `'ffa:ws'`). */
  redisPrefix?: string
  /** Where the AsyncAPI document of the channels is served (default `'/asyncapi.json'`; `false`: not served). */
  asyncapiUrl?: string | false
}

export interface ResolvedWebSocketsOptions {
  maxPayload: number
  maxBufferedBytes: number
  maxQueuedMessages: number
  pingIntervalMs: number
  closeTimeoutMs: number
  onInvalidMessage: InvalidMessageAction
  redis: string | RedisClient | null
  redisPrefix: string
  asyncapiUrl: string | null
}

const MiB = 1024 * 1024

export const WEBSOCKETS_DEFAULTS: ResolvedWebSocketsOptions = Object.freeze({
  maxPayload: MiB,
  maxBufferedBytes: MiB,
  maxQueuedMessages: 100,
  pingIntervalMs: 30_000,
  closeTimeoutMs: 1000,
  onInvalidMessage: 'error-frame',
  redis: null,
  redisPrefix: 'ffa:ws',
  asyncapiUrl: '/asyncapi.json',
})

const KNOWN = ['maxPayload', 'maxBufferedBytes', 'maxQueuedMessages', 'pingIntervalMs', 'closeTimeoutMs', 'onInvalidMessage', 'redis', 'redisPrefix', 'asyncapiUrl']

export function checkInvalidMessageAction (where: string, value: unknown): void {
  if (value !== 'error-frame' && value !== 'close') {
    throw new FFA_ERR_OPTION_INVALID(where, 'onInvalidMessage', `must be 'error-frame' (answer with {"type":"error","detail":[...]}) or 'close' (close with 1007); got ${describeValue(value)}`)
  }
}

/** The plugin's options, checked once at registration, with the documented defaults. */
export function resolveWebSocketsOptions (opts: unknown): ResolvedWebSocketsOptions {
  const given = checkOptionsObject(WEBSOCKETS_PLUGIN, opts, KNOWN) as WebSocketsOptions
  const options = { ...WEBSOCKETS_DEFAULTS }
  for (const name of ['maxPayload', 'maxBufferedBytes', 'maxQueuedMessages', 'closeTimeoutMs'] as const) {
    const value = given[name]
    if (value === undefined) continue
    checkPositiveInteger(WEBSOCKETS_PLUGIN, name, value, name === 'maxQueuedMessages' ? 'a count such as 100' : 'a size or time such as 1048576')
    options[name] = value
  }
  if (given.pingIntervalMs !== undefined) {
    if (given.pingIntervalMs !== 0) checkPositiveInteger(WEBSOCKETS_PLUGIN, 'pingIntervalMs', given.pingIntervalMs, 'in ms such as 30000 (or 0 for no keepalive)')
    options.pingIntervalMs = given.pingIntervalMs
  }
  if (given.onInvalidMessage !== undefined) {
    checkInvalidMessageAction(WEBSOCKETS_PLUGIN, given.onInvalidMessage)
    options.onInvalidMessage = given.onInvalidMessage
  }
  if (given.redis !== undefined) options.redis = checkRedisOption(WEBSOCKETS_PLUGIN, 'redis', given.redis)
  if (given.redisPrefix !== undefined) {
    if (typeof given.redisPrefix !== 'string' || given.redisPrefix === '') throw new FFA_ERR_OPTION_INVALID(WEBSOCKETS_PLUGIN, 'redisPrefix', `must be a non-empty string such as 'ffa:ws'; got ${describeValue(given.redisPrefix)}`)
    options.redisPrefix = given.redisPrefix
  }
  if (given.asyncapiUrl !== undefined) {
    if (given.asyncapiUrl !== false && (typeof given.asyncapiUrl !== 'string' || !given.asyncapiUrl.startsWith('/'))) {
      throw new FFA_ERR_OPTION_INVALID(WEBSOCKETS_PLUGIN, 'asyncapiUrl', `must be a path such as '/asyncapi.json', or false; got ${describeValue(given.asyncapiUrl)}`)
    }
    options.asyncapiUrl = given.asyncapiUrl === false ? null : given.asyncapiUrl
  }
  return Object.freeze(options)
}
