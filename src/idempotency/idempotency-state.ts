import type { FastifyInstance } from 'fastify'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { kIdempotencyState } from '../shared/symbols.js'
import type { IdempotencyStore } from './idempotency-store.js'

/** The idempotency plugin's state, on the instance it was registered on (and its children). */
export interface IdempotencyState {
  readonly store: IdempotencyStore
  readonly maxBodySize: number
}

export function idempotencyStateOf (instance: FastifyInstance): IdempotencyState | undefined {
  return (instance as unknown as Record<symbol, IdempotencyState | undefined>)[kIdempotencyState]
}

export function idempotencyPluginMissing (who: string): Error {
  return new FFA_ERR_PLUGIN_MISSING(who, "idempotency (fastify-fastapi/idempotency, or the fastapi preset's `idempotency` option)")
}
