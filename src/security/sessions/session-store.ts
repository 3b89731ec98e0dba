// The store interface of @fastify/session (callbacks, as express-session's): what a session
// store implements, ours (memory, Redis) or yours.

/** A session as a store keeps it: JSON-safe data (the cookie's settings, the user, the CSRF secret). */
export type StoredSession = Record<string, unknown>

export type StoreCallback = (error?: unknown) => void
export type StoreGetCallback = (error: unknown, session?: StoredSession | null) => void

/**
 * Where server-side sessions live (`@fastify/session`'s `SessionStore`). `get` answers
 * `null` for an unknown or expired id; `set` keeps a session for the plugin's `ttl` from now.
 */
export interface SessionStore {
  get (sessionId: string, callback: StoreGetCallback): void
  set (sessionId: string, session: StoredSession, callback: StoreCallback): void
  destroy (sessionId: string, callback: StoreCallback): void
  /** Called when the app closes: stop timers, close connections. */
  close?: () => Promise<void>
}

/** Whether a value has the three methods of a session store. */
export function isSessionStore (value: unknown): value is SessionStore {
  const store = value as Partial<SessionStore> | null
  return typeof store === 'object' && store !== null &&
    typeof store.get === 'function' && typeof store.set === 'function' && typeof store.destroy === 'function'
}
