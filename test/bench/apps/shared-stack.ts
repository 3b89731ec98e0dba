// The stack row's settings, the same on both sides: the front end's origin, an app-wide rate
// limit high enough never to answer 429 under the load, and the 20 items of the answer (about
// 1.2 KB of JSON, above the 500-byte gzip threshold of both).
import { STORED_ITEMS } from './shared-items.js'

export const STACK_ORIGIN = 'http://localhost:5173'
export const STACK_RATE_LIMIT = { max: 1_000_000_000, timeWindow: 60_000 }
export const STACK_ITEMS = STORED_ITEMS.slice(0, 20)
