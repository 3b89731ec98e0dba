import type { FastifyBaseLogger } from 'fastify'
import { openRedis } from '../../shared/redis-connection.js'
import { MemorySessionStore } from './memory-store.js'
import { RedisSessionStore } from './redis-store.js'
import { SESSIONS_PLUGIN, type ResolvedSessionsOptions } from './session-options.js'
import type { SessionStore } from './session-store.js'

/**
 * The store the options name, and whether the plugin owns it (closes it with the app). A Redis
 * store connects now, so that a wrong URL fails the startup rather than the first login.
 */
export async function createSessionStore (options: ResolvedSessionsOptions, log: FastifyBaseLogger): Promise<{ store: SessionStore, owned: boolean }> {
  const given = options.store
  switch (given.kind) {
    case 'custom': return { store: given.store, owned: false }
    case 'memory': return { store: new MemorySessionStore({ ttl: options.ttl, maxSessions: options.maxSessions }), owned: true }
    case 'redis': {
      const client = await openRedis(SESSIONS_PLUGIN, 'store.url', given.url, log)
      return { store: new RedisSessionStore(client, { prefix: given.prefix, ttl: options.ttl }), owned: true }
    }
  }
}
