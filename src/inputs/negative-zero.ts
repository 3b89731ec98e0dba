// A JSON number from its minus sign on.
const NUMBER = /-\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y

/**
 * Whether a JSON text may hold a negative zero (-0, -0.0, -0e5, or -1e-400, which rounds to
 * -0), so that most bodies skip the walk. Jumps from minus sign to minus sign: one that does
 * not start a value (in "2026-01-05") is passed over at once; a value that only looks like
 * one, inside a string, only costs a walk that changes nothing. A regex over the whole text
 * took a fifth of JSON.parse's time on a 250-byte body (measured); this takes a fiftieth.
 */
export function mayHoldNegativeZero (text: string): boolean {
  for (let at = text.indexOf('-'); at !== -1; at = text.indexOf('-', at + 1)) {
    let before = at - 1
    while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before--
    const char = before < 0 ? 0x5b : text.charCodeAt(before)
    // A value starts after "[", ":", "," or at the start of the text.
    if (char !== 0x5b && char !== 0x3a && char !== 0x2c) continue
    NUMBER.lastIndex = at
    const number = NUMBER.exec(text)
    if (number !== null && Object.is(Number(number[0]), -0)) return true
  }
  return false
}

function isJsonSpace (code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
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
