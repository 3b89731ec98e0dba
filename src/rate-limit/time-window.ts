import { parse } from '@lukeed/ms'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'

/** A window in milliseconds (`60_000`), or in words as @fastify/rate-limit reads them (`'1 minute'`, `'10s'`, `'1h'`). */
export type TimeWindow = number | string

/** The window in milliseconds; a coded error naming `where` and `option` for anything else. */
export function timeWindowMs (where: string, option: string, value: unknown): number {
  const ms = typeof value === 'string' ? parse(value) : value
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 1) {
    throw new FFA_ERR_OPTION_INVALID(where, option, `must be a time window: milliseconds (an integer of at least 1, like 60_000) or words like '1 minute', '10 seconds', '1h'; got ${describeValue(value)}`)
  }
  return ms
}
