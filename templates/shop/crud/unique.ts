// PostgreSQL's "unique_violation" (SQLSTATE 23505): node-postgres and PGlite both report it
// with the name of the constraint that was broken.
const UNIQUE_VIOLATION = '23505'

/**
 * The UNIQUE constraint a failed INSERT or UPDATE broke, or `undefined` for any other error:
 * the database, not a read before the write, decides who gets a username (two sign-ups at
 * once cannot both have it). The failed statement aborts the transaction; throw on.
 */
export function brokenUniqueConstraint (error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, constraint } = error as { code?: unknown, constraint?: unknown }
  return code === UNIQUE_VIOLATION && typeof constraint === 'string' ? constraint : undefined
}
