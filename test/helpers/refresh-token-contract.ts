import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { HTTPException, InvalidRefreshTokenError, RefreshTokens, type RefreshTokensOptions, type RefreshTokenStore } from 'fastify-fastapi'
import { buildApp } from './app.js'

/** A fresh, empty store for one test; the contract closes it when the test ends. */
export type StoreFactory = () => RefreshTokenStore

// The behaviour every refresh-token store must have, run once per store
// (test/security.refresh-tokens-memory.test.ts, test/security.refresh-tokens-redis.test.ts).
export function refreshTokenContract (storeName: string, makeStore: StoreFactory): void {
  // A clock of our own, ahead of the real one (Redis expires keys on its own clock).
  function tokens<TData = unknown> (options: Omit<RefreshTokensOptions, 'store' | 'clock'> = {}) {
    let now = Date.now()
    const refreshTokens = new RefreshTokens<TData>({ ...options, store: makeStore(), clock: () => now })
    onTestFinished(() => refreshTokens.close())
    return { refreshTokens, advance: (seconds: number) => { now += seconds * 1000 } }
  }

  async function refused (attempt: Promise<unknown>, reason: string): Promise<void> {
    await expect(attempt).rejects.toThrow(InvalidRefreshTokenError)
    await attempt.catch((error: unknown) => {
      expect(error).toBeInstanceOf(HTTPException)
      expect(error).toMatchObject({ reason, status: 400, detail: 'Invalid refresh token' })
    })
  }

  describe(`refresh tokens in ${storeName}`, () => {
    it('issues an opaque token of 65 base64url characters, a new one each time', async () => {
      const { refreshTokens } = tokens()
      const first = await refreshTokens.issue('johndoe')
      const second = await refreshTokens.issue('johndoe')
      expect(first.token).toMatch(/^[A-Za-z0-9_-]{65}$/)
      expect(second.token).not.toBe(first.token)
      expect(second.family).not.toBe(first.family)
      expect(first).toMatchObject({ subject: 'johndoe', data: undefined })
    })

    it('rotates a token into the next of its family, with the subject and data given at login', async () => {
      const { refreshTokens } = tokens<{ scope: string }>()
      const login = await refreshTokens.issue('johndoe', { scope: 'me items' })
      const next = await refreshTokens.rotate(login.token)
      expect(next).toMatchObject({ family: login.family, subject: 'johndoe', data: { scope: 'me items' } })
      expect(next.token).not.toBe(login.token)
      const after = await refreshTokens.rotate(next.token)
      expect(after).toMatchObject({ family: login.family, subject: 'johndoe', data: { scope: 'me items' } })
    })

    it('refuses a used token and revokes its whole family: the next legitimate refresh is refused too', async () => {
      const reuses: Array<{ family: string, subject: string }> = []
      const { refreshTokens } = tokens({ onReuse: (event) => reuses.push(event) })
      const login = await refreshTokens.issue('johndoe')
      const second = await refreshTokens.rotate(login.token)
      const third = await refreshTokens.rotate(second.token)

      await refused(refreshTokens.rotate(second.token), 'reused')
      expect(reuses).toEqual([{ family: login.family, subject: 'johndoe' }])
      await refused(refreshTokens.rotate(third.token), 'revoked')
      await refused(refreshTokens.rotate(login.token), 'revoked')
    })

    it('leaves the other logins of the same user alone', async () => {
      const { refreshTokens } = tokens()
      const laptop = await refreshTokens.issue('johndoe')
      const phone = await refreshTokens.issue('johndoe')
      await refreshTokens.rotate(laptop.token)
      await refused(refreshTokens.rotate(laptop.token), 'reused')
      expect(await refreshTokens.rotate(phone.token)).toMatchObject({ subject: 'johndoe', family: phone.family })
    })

    it('lets one of two simultaneous rotations of a token win, and treats the other as reuse', async () => {
      const { refreshTokens } = tokens()
      const login = await refreshTokens.issue('johndoe')
      const results = await Promise.allSettled([refreshTokens.rotate(login.token), refreshTokens.rotate(login.token)])
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected'])
      const winner = results.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<{ token: string }>
      expect((results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ reason: 'reused' })
      await refused(refreshTokens.rotate(winner.value.token), 'revoked')
    })

    it('refuses a token past its ttl, and gives each rotated token a ttl of its own', async () => {
      const { refreshTokens, advance } = tokens({ ttl: 60, familyTtl: 1000 })
      const login = await refreshTokens.issue('johndoe')
      advance(50)
      const next = await refreshTokens.rotate(login.token)
      advance(50)
      const after = await refreshTokens.rotate(next.token)
      expect(after.expiresAt - next.expiresAt).toBe(50_000)
      advance(61)
      await refused(refreshTokens.rotate(after.token), 'expired')
    })

    it('ends a family at familyTtl however often it rotates', async () => {
      const { refreshTokens, advance } = tokens({ ttl: 60, familyTtl: 100 })
      const login = await refreshTokens.issue('johndoe')
      advance(50)
      const next = await refreshTokens.rotate(login.token)
      expect(next.expiresAt - login.expiresAt).toBe(40_000) // capped by the family: login + 100 s
      advance(45)
      const last = await refreshTokens.rotate(next.token)
      advance(6)
      await refused(refreshTokens.rotate(last.token), 'expired')
    })

    it('logs out: revoke(token) revokes its family, and says whether the token was one of ours', async () => {
      const { refreshTokens } = tokens()
      const login = await refreshTokens.issue('johndoe')
      const next = await refreshTokens.rotate(login.token)
      expect(await refreshTokens.revoke(next.token)).toBe(true)
      await refused(refreshTokens.rotate(next.token), 'revoked')
      expect(await refreshTokens.revoke('not a token')).toBe(false)
    })

    it('does not let a forged token naming a family log that family out', async () => {
      const { refreshTokens } = tokens()
      const login = await refreshTokens.issue('johndoe')
      const forged = login.token.slice(0, 22) + 'A'.repeat(43)
      expect(await refreshTokens.revoke(forged)).toBe(false)
      await refused(refreshTokens.rotate(forged), 'invalid')
      expect(await refreshTokens.rotate(login.token)).toMatchObject({ subject: 'johndoe' })
    })

    it('revokes a family by its id', async () => {
      const { refreshTokens } = tokens()
      const login = await refreshTokens.issue('johndoe')
      expect(await refreshTokens.revokeFamily(login.family)).toBe(true)
      await refused(refreshTokens.rotate(login.token), 'revoked')
      expect(await refreshTokens.revokeFamily('AAAAAAAAAAAAAAAAAAAAAA')).toBe(false)
    })

    it('refuses what is no token of ours', async () => {
      const { refreshTokens } = tokens()
      const login = await refreshTokens.issue('johndoe')
      for (const token of ['', 'nonexistent', login.token.slice(1), `${login.token}A`, login.token.replace(/^./, '.'), 42, null]) {
        await refused(refreshTokens.rotate(token as string), 'invalid')
      }
      await refused(refreshTokens.rotate('B'.repeat(65)), 'invalid')
      expect(await refreshTokens.rotate(login.token)).toMatchObject({ subject: 'johndoe' })
    })

    it('answers a refused token at a refresh route with 400 {"detail":"Invalid refresh token"}', async () => {
      const { refreshTokens } = tokens()
      const app = await buildApp()
      app.api.post('/token/refresh', { body: z.object({ refresh_token: z.string() }) }, async ({ body }) => {
        const next = await refreshTokens.rotate(body.refresh_token)
        return { refresh_token: next.token, token_type: 'bearer' }
      })
      const login = await refreshTokens.issue('johndoe')
      const first = await app.inject({ method: 'POST', url: '/token/refresh', payload: { refresh_token: login.token } })
      expect(first.statusCode, first.body).toBe(200)
      const again = await app.inject({ method: 'POST', url: '/token/refresh', payload: { refresh_token: login.token } })
      expect(again.statusCode, again.body).toBe(400)
      expect(again.json()).toEqual({ detail: 'Invalid refresh token' })
      const next = (first.json() as { refresh_token: string }).refresh_token
      const revoked = await app.inject({ method: 'POST', url: '/token/refresh', payload: { refresh_token: next } })
      expect(revoked.statusCode, revoked.body).toBe(400)
      expect(revoked.json()).toEqual({ detail: 'Invalid refresh token' })
    })
  })
}
