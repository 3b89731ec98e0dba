import { describe, expect, it } from 'vitest'
import { RefreshTokens, type RefreshTokensOptions } from 'fastify-fastapi'

function refused (options: unknown, message: string): void {
  expect(() => new RefreshTokens(options as RefreshTokensOptions)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message }))
}

describe('RefreshTokens options', () => {
  it('lives 14 days a token and 90 days a family by default', () => {
    const refreshTokens = new RefreshTokens()
    expect(refreshTokens.ttl).toBe(1_209_600)
    expect(refreshTokens.familyTtl).toBe(7_776_000)
    expect(new RefreshTokens({ ttl: 200 * 24 * 3600 }).familyTtl).toBe(200 * 24 * 3600)
  })

  it('refuses bad options by name, with the fix', () => {
    refused({ ttl: '14d' }, "RefreshTokens: option 'ttl' must be a whole number of seconds, at least 1; got string '14d'")
    refused({ ttl: 0 }, "RefreshTokens: option 'ttl' must be a whole number of seconds, at least 1; got number 0")
    refused({ ttl: 3600, familyTtl: 60 }, "RefreshTokens: option 'familyTtl' (60 s) is shorter than 'ttl' (3600 s): a token would outlive its login. Make familyTtl at least ttl")
    refused({ store: { get: () => undefined } }, "RefreshTokens: option 'store' must be a Redis URL ('redis://127.0.0.1:6379') or a store with issue, rotate, revoke, revokeFamily, close (a MemoryRefreshTokenStore or RedisRefreshTokenStore); got object { get: [Function: get] }")
    refused({ store: 'localhost:6379' }, "RedisRefreshTokenStore: option 'url' must be a redis:// or rediss:// URL; got string 'localhost:6379'")
    refused({ onReuse: 'log' }, "RefreshTokens: option 'onReuse' must be a function; got string 'log'")
    refused({ ttl: 60, maxAge: 60 }, "RefreshTokens: option 'maxAge' is not an option of RefreshTokens; its options are: ttl, familyTtl, store, onReuse, clock")
  })

  it('refuses a subject that is not a non-empty string at issue', async () => {
    const refreshTokens = new RefreshTokens()
    await expect(refreshTokens.issue('')).rejects.toThrow("RefreshTokens.issue(subject, data): subject must be a non-empty string; got string ''")
    await expect(refreshTokens.issue(42 as unknown as string)).rejects.toThrow(TypeError)
  })
})
