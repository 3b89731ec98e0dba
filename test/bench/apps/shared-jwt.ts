// The security row's token: HS256 with one secret for every app, signed once by the harness
// (fast-jwt, as neither app under test) and valid for a day, so every run sends the same bytes.
import { createSigner } from 'fast-jwt'

export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789'

export function benchToken (): string {
  const now = Math.floor(Date.now() / 1000)
  return createSigner({ key: JWT_SECRET, algorithm: 'HS256' })({ sub: 'rick', scope: 'me items', iat: now, exp: now + 86_400 })
}
