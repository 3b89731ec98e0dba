/** Hands out 1, 2, 3 ...: the integer ids a SERIAL column would give. */
export type IdSequence = () => number

/** A sequence that starts after `last` (the highest id already taken). */
export function createIdSequence (last = 0): IdSequence {
  let current = last
  return () => ++current
}
