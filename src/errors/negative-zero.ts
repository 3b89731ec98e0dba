// A number token that is zero with a minus sign (-0, -0.0, -0e5), or a negative number small
// enough to round to -0 (-1e-400), where a JSON value can start. A string holding such text
// only costs a walk that changes nothing.
const NEGATIVE_ZERO = /(?:^|[[:,])\s*-(?:0(?:\.0+)?(?:[eE][-+]?\d+)?\s*(?:$|[\],}])|[\d.]+[eE]-\d{3})/

/** Whether a JSON text may hold a negative zero: most bodies have none and skip the walk. */
export function mayHoldNegativeZero (text: string): boolean {
  return NEGATIVE_ZERO.test(text)
}

/**
 * Makes every -0 of a parsed JSON value 0, in place. JavaScript keeps the sign of zero
 * (`Object.is(-0, 0)` is false, `1 / -0` is -Infinity) where Python's JSON reads `-0` as
 * the int 0: a handler should not meet a value that prints as 0 and divides as -Infinity.
 * Only a -0 is assigned, so a key named `__proto__` (kept when poisoning is ignored) is never set.
 */
export function removeNegativeZeros (value: unknown): unknown {
  if (Object.is(value, -0)) return 0
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (Object.is(value[index], -0)) value[index] = 0
      else removeNegativeZeros(value[index])
    }
  } else {
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      if (Object.is(record[key], -0)) record[key] = 0
      else removeNegativeZeros(record[key])
    }
  }
  return value
}
