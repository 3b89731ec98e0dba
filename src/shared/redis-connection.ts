import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Redis, RedisOptions } from 'ioredis'
import { FFA_ERR_OPTION_INVALID } from './codes.js'
import type { RedisClient } from './redis-client.js'
import { describeValue } from './options.js'

/** A Redis connection a plugin was given (ioredis): duck-typed, as an app may hold its own copy of ioredis. */
export function isRedisClient (value: unknown): value is RedisClient {
  return typeof value === 'object' && value !== null &&
    typeof (value as RedisClient).defineCommand === 'function' && typeof (value as RedisClient).evalsha === 'function'
}

/** A Redis URL or connection option: `'redis://...'`/`'rediss://...'`, or an ioredis client. */
export function checkRedisOption (plugin: string, option: string, value: unknown): string | RedisClient {
  if (typeof value === 'string' && isRedisUrl(value)) return value
  if (isRedisClient(value)) return value
  throw new FFA_ERR_OPTION_INVALID(plugin, option, `must be a Redis URL ('redis://127.0.0.1:6379', 'rediss://...' for TLS) or an ioredis client (new Redis(...)); got ${typeof value === 'string' ? `the string '${hidePassword(value)}'` : describeValue(value)}`)
}

function isRedisUrl (value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== ''
  } catch {
    return false
  }
}

// Not the password a URL may hold.
function hidePassword (url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}

/**
 * Opens a connection of the plugin's own to the Redis a URL names, now, so that a wrong URL
 * fails the app's startup rather than its first request; the caller closes it with the app.
 * Requests fail after one try rather than waiting through ioredis' 20 retries; `options`
 * may ask more (`enableOfflineQueue: false`: they fail at once while it is disconnected).
 */
export async function openRedis (plugin: string, option: string, url: string, log: FastifyBaseLogger, options: RedisOptions = {}): Promise<Redis> {
  // ioredis is loaded only by an app that uses Redis.
  const { Redis } = await import('ioredis')
  const client = new Redis(url, { maxRetriesPerRequest: 1, ...options, lazyConnect: true })
  client.on('error', (error: Error) => log.warn({ code: (error as { code?: unknown }).code }, `${plugin}: Redis connection error: ${error.message}`))
  try {
    await client.connect()
  } catch (error) {
    // ioredis would go on retrying in the background, for an app that failed to start.
    client.disconnect()
    throw redisUnreachable(plugin, option, url, error)
  }
  return client
}

/** The startup error of a Redis URL nothing answers at, without the password the URL may hold. */
export function redisUnreachable (plugin: string, option: string, url: string, error: unknown): Error {
  return new FFA_ERR_OPTION_INVALID(plugin, option, `names a Redis that could not be reached (${hidePassword(url)}): ${(error as Error).message}. Start Redis there, or fix the URL.`)
}

/**
 * Closes a connection the plugin opened: politely (QUIT) when Redis answers, at once when it
 * does not answer within `timeoutMs`, so a Redis that hangs does not hold the app's close.
 */
export async function closeRedis (client: Redis, timeoutMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const gaveUp = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs) })
  await Promise.race([client.quit().catch(() => undefined), gaveUp])
  clearTimeout(timer)
  client.disconnect()
}

/**
 * The connection a plugin's Redis option names: a URL is connected now (a wrong one fails the
 * startup, see `openRedis`) and closed with the app; a client of the app's own is used as it
 * is, and left open; `null` (no Redis asked) stays `null`.
 */
export async function redisFor (app: FastifyInstance, plugin: string, option: string, redis: string | RedisClient, options?: RedisOptions): Promise<Redis>
export async function redisFor (app: FastifyInstance, plugin: string, option: string, redis: string | RedisClient | null, options?: RedisOptions): Promise<Redis | null>
export async function redisFor (app: FastifyInstance, plugin: string, option: string, redis: string | RedisClient | null, options: RedisOptions = {}): Promise<Redis | null> {
  // An app's own client, checked to be ioredis' at registration (checkRedisOption).
  if (typeof redis !== 'string') return redis as Redis | null
  const client = await openRedis(plugin, option, redis, app.log, options)
  app.addHook('onClose', async () => { await closeRedis(client) })
  return client
}
