import { describe, expect, it } from 'vitest'
import { MemoryRefreshTokenStore, RefreshTokens } from 'fastify-fastapi'
import { refreshTokenContract } from './helpers/refresh-token-contract.js'

refreshTokenContract('memory', () => new MemoryRefreshTokenStore())

describe('the memory store', () => {
  it('is the default store', () => {
    expect(new RefreshTokens().store).toBeInstanceOf(MemoryRefreshTokenStore)
  })

  it('holds at most maxTokens tokens, letting the oldest go first', async () => {
    const store = new MemoryRefreshTokenStore({ maxTokens: 3 })
    const refreshTokens = new RefreshTokens({ store })
    const logins = []
    for (let index = 0; index < 5; index++) logins.push(await refreshTokens.issue(`user${index}`))
    expect(store.size).toBe(3)
    await expect(refreshTokens.rotate(logins[0]?.token as string)).rejects.toMatchObject({ reason: 'invalid' })
    expect(await refreshTokens.rotate(logins[4]?.token as string)).toMatchObject({ subject: 'user4' })
    expect(store.size).toBe(3)
  })

  it('sweeps expired tokens out on a write once the sweep interval has passed', async () => {
    let now = Date.now()
    const store = new MemoryRefreshTokenStore({ sweepInterval: 30 })
    const refreshTokens = new RefreshTokens({ store, ttl: 60, clock: () => now })
    await refreshTokens.issue('a')
    await refreshTokens.issue('b')
    now += 61_000
    expect(store.size).toBe(2) // nothing is swept without a write
    await refreshTokens.issue('c')
    expect(store.size).toBe(1)
  })

  it('refuses bad options by name', () => {
    expect(() => new MemoryRefreshTokenStore({ maxTokens: 0 })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID', message: "MemoryRefreshTokenStore: option 'maxTokens' must be an integer of at least 1; got number 0",
    }))
    expect(() => new MemoryRefreshTokenStore({ sweepInterval: 1.5 })).toThrow(expect.objectContaining({
      message: "MemoryRefreshTokenStore: option 'sweepInterval' must be an integer of at least 1; got number 1.5",
    }))
  })
})
