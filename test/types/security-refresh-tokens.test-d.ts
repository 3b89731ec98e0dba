// Type tests for RefreshTokens: the data given at login comes back typed at each rotation.
import { expectTypeOf } from 'vitest'
import { RefreshTokens, type IssuedRefreshToken, type RefreshTokenStore } from 'fastify-fastapi'

const refreshTokens = new RefreshTokens<{ scope: string }>()
expectTypeOf(refreshTokens.issue('johndoe', { scope: 'me' })).resolves.toEqualTypeOf<IssuedRefreshToken<{ scope: string }>>()
expectTypeOf(refreshTokens.rotate('token')).resolves.toEqualTypeOf<IssuedRefreshToken<{ scope: string }>>()
expectTypeOf<IssuedRefreshToken<{ scope: string }>['data']>().toEqualTypeOf<{ scope: string } | undefined>()
expectTypeOf(refreshTokens.revoke('token')).resolves.toEqualTypeOf<boolean>()
expectTypeOf(refreshTokens.store).toEqualTypeOf<RefreshTokenStore>()

// @ts-expect-error  the data must be of the declared shape
void refreshTokens.issue('johndoe', { scopes: ['me'] })
// @ts-expect-error  ttl is a number of seconds, not a duration string
void new RefreshTokens({ ttl: '14d' })
