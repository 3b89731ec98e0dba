import type { FastifyBaseLogger } from 'fastify'
import { MemorySessionStore } from './memory-store.js'
import { RedisSessionStore } from './redis-store.js'
import type { ResolvedSessionsOptions } from './session-options.js'
import type { SessionStore } from './session-store.js'

/** The store the options name, and whether the plugin owns it (connects and closes it). */
export function createSessionStore (options: ResolvedSessionsOptions, log: FastifyBaseLogger): { store: SessionStore, owned: boolean } {
  const given = options.store
  switch (given.kind) {
    case 'custom': return { store: given.store, owned: false }
    case 'memory': return { store: new MemorySessionStore({ ttl: options.ttl, maxSessions: options.maxSessions }), owned: true }
    case 'redis': {
      const store = new RedisSessionStore({
        url: given.url,
        prefix: given.prefix,
        ttl: options.ttl,
        // The URL may hold a password: the message names the error only.
        onError: (error) => log.warn({ code: (error as { code?: unknown }).code }, `fastify-fastapi/sessions: Redis connection error: ${error.message}`),
      })
      return { store, owned: true }
    }
  }
}
