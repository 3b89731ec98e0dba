import { randomUUID } from 'node:crypto'
import { ExpiringMap } from '../shared/expiring-map.js'

/** The answer a processed event got, replayed as it was to the provider's retries. */
export interface StoredAnswer {
  status: number
  contentType: string | undefined
  body: string
}

/** What claiming an event found: it is ours to run now, another request is running it, or it was processed. */
export type Claim =
  | { readonly kind: 'claimed', readonly token: string }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'done', readonly answer: StoredAnswer }

/**
 * Where webhook receivers remember the events they processed (memory by default, Redis for
 * several processes). A memory store answers synchronously: its requests pay no promise.
 */
export interface WebhookEventStore {
  /** Claims `key` for `lockMs` (then an unfinished claim lapses: a crashed process does not hold an event forever). */
  claim (key: string, lockMs: number): Claim | Promise<Claim>
  /** Records the claim's answer for `ttlMs`: until then, a retry of the event gets it without running the handler. */
  complete (key: string, token: string, answer: StoredAnswer, ttlMs: number): void | Promise<void>
  /** Gives the claim up (the handler failed): the provider's retry runs the event. */
  release (key: string, token: string): void | Promise<void>
}

export const IN_FLIGHT: Claim = Object.freeze({ kind: 'in-flight' })

export function newClaim (): Claim & { kind: 'claimed' } {
  return { kind: 'claimed', token: randomUUID() }
}

interface Entry {
  /** The claim's token while it runs; `undefined` once done. */
  token: string | undefined
  answer: StoredAnswer | undefined
}

/**
 * The in-process store: bounded (`maxEntries`, the oldest entry goes first), expired entries
 * swept as new ones come (see ExpiringMap).
 */
export class MemoryEventStore implements WebhookEventStore {
  readonly #entries: ExpiringMap<Entry>

  constructor (maxEntries: number) {
    this.#entries = new ExpiringMap(maxEntries)
  }

  claim (key: string, lockMs: number): Claim {
    const entry = this.#entries.get(key)
    if (entry !== undefined) return entry.answer === undefined ? IN_FLIGHT : { kind: 'done', answer: entry.answer }
    const claim = newClaim()
    this.#entries.set(key, { token: claim.token, answer: undefined }, lockMs)
    return claim
  }

  complete (key: string, token: string, answer: StoredAnswer, ttlMs: number): void {
    // The handler did run: its answer is recorded unless another claim took the key since.
    const entry = this.#entries.get(key)
    if (entry !== undefined && entry.token !== token) return
    this.#entries.set(key, { token: undefined, answer }, ttlMs)
  }

  release (key: string, token: string): void {
    if (this.#entries.get(key)?.token === token) this.#entries.delete(key)
  }

  /** How many events it holds, expired ones not yet swept included. */
  get size (): number {
    return this.#entries.size
  }
}
