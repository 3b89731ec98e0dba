import { describe, expect, it } from 'vitest'
import { SEED_USERS } from '../seed.js'
import { hashPassword, needsRehash, verifyPassword } from '../utils/passwords.js'

// A sign-up or a login hashes with OWASP's scrypt cost (128 MiB, a few tenths of a second,
// more on a loaded machine): more time than vitest's default 5 s for the few it runs.
describe('password hashing', { timeout: 60_000 }, () => {
  it('verifies the password a hash was made from, and no other', async () => {
    const hashed = await hashPassword('correct horse')

    expect(await verifyPassword('correct horse', hashed)).toBe(true)
    expect(await verifyPassword('correct horse battery', hashed)).toBe(false)
  })

  it('salts every hash: one password hashed twice gives two hashes', async () => {
    const [first, second] = await Promise.all([hashPassword('same'), hashPassword('same')])

    expect(first).not.toBe(second)
  })

  it('refuses a stored value that is not one of its hashes', async () => {
    expect(await verifyPassword('secret', 'secret')).toBe(false)
    expect(await verifyPassword('secret', 'scrypt$only-salt')).toBe(false)
    // The shop's first format, before it used the library's: the seed no longer has one.
    expect(await verifyPassword('correct horse', 'scrypt$SzUZ8VtP5VGkAZPhwBa3Qg$5Faf_PokpbjRWpQQr8pEYC6hp7x3RqMcS3WmF70YZLKo_fKSsswUuXcGn1nJQbI66grs8HNBFn6rAG0JD9zwWw')).toBe(false)
  })

  it("seeds johndoe and alice with the hashes of the README's passwords, under today's parameters", async () => {
    const [johndoe, alice] = SEED_USERS.map((user) => user.hashed_password)
    expect(needsRehash(johndoe ?? '')).toBe(false)

    expect(await verifyPassword('correct horse', johndoe ?? '')).toBe(true)
    expect(await verifyPassword('wonderland', alice ?? '')).toBe(true)
  })
})
