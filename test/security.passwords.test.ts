import { describe, expect, it } from 'vitest'
import { hashPassword, needsRehash, passwordHasher, verifyPassword } from 'fastify-fastapi'

// The defaults cost a few tenths of a second per hash (more on a loaded machine, hence the
// timeout): most tests use a cheap hasher, with the same code path and format.
const fast = passwordHasher({ cost: 10 })

describe('password hashing (scrypt)', { timeout: 60_000 }, () => {
  it('verifies the password a hash was made from, with the default parameters, and no other', async () => {
    const hashed = await hashPassword('correct horse battery staple')

    expect(hashed).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(await verifyPassword('correct horse battery staple', hashed)).toBe(true)
    expect(await verifyPassword('correct horse battery stapl', hashed)).toBe(false)
    expect(needsRehash(hashed)).toBe(false)
  })

  it('salts every hash: one password hashed twice gives two hashes, each verifying', async () => {
    const [first, second] = await Promise.all([fast.hash('same'), fast.hash('same')])

    expect(first).not.toBe(second)
    expect(await fast.verify('same', first)).toBe(true)
    expect(await fast.verify('same', second)).toBe(true)
  })

  it('refuses a wrong password, an empty one, and one differing only in case', async () => {
    const hashed = await fast.hash('Secret')

    expect(await fast.verify('secret', hashed)).toBe(false)
    expect(await fast.verify('', hashed)).toBe(false)
    expect(await fast.verify('Secret ', hashed)).toBe(false)
  })

  it('answers false, never throws, for a stored value that is not one of its hashes or was tampered with', async () => {
    const hashed = await fast.hash('secret')
    const [, , params, salt, key] = hashed.split('$') as [string, string, string, string, string]
    const flipped = `${key.slice(0, 5)}${key[5] === 'A' ? 'B' : 'A'}${key.slice(6)}`
    const tampered = [
      '', 'secret', 'scrypt$only-salt', '$scrypt$', `$scrypt$${params}$${salt}`,
      `$scrypt$${params}$${salt}$${flipped}`, //            the hash's bytes changed
      `$scrypt$${params}$${salt.slice(1)}A$${key}`, //      the salt changed
      `$scrypt$ln=11,r=8,p=1$${salt}$${key}`, //            the parameters changed
      `$scrypt$ln=40,r=8,p=1$${salt}$${key}`, //            a cost that would need terabytes
      `$scrypt$ln=17,r=99,p=99$${salt}$${key}`, //          and one that would run for minutes
      `$scrypt$ln=10,r=8,p=1$${salt}$${key}=`, //           not our base64 (padding)
      `$scrypt$ln=10,r=8,p=1$${salt}$${key.slice(0, 20)}`, // a hash too short to mean anything
      `$argon2id$v=19$m=65536,t=3,p=4$${salt}$${key}`,
      `${hashed}$`, ` ${hashed}`, hashed.replace('$scrypt$', '$SCRYPT$'),
    ]
    for (const stored of tampered) {
      expect(await fast.verify('secret', stored), stored).toBe(false)
    }
    // @ts-expect-error  a stored value read from a database may be anything
    expect(await fast.verify('secret', null)).toBe(false)
  })

  it('refuses a stored hash asking for absurd parameters without running scrypt on them', async () => {
    const started = performance.now()
    expect(await fast.verify('secret', '$scrypt$ln=99,r=99,p=99$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g')).toBe(false)
    expect(performance.now() - started).toBeLessThan(50)
  })

  it('asks for a rehash when the parameters change, and still verifies the old hash', async () => {
    const old = await passwordHasher({ cost: 10 }).hash('secret')
    const stronger = passwordHasher({ cost: 11 })

    expect(stronger.needsRehash(old)).toBe(true)
    expect(await stronger.verify('secret', old)).toBe(true)
    const renewed = await stronger.hash('secret')
    expect(renewed).toMatch(/^\$scrypt\$ln=11,r=8,p=1\$/)
    expect(stronger.needsRehash(renewed)).toBe(false)
    expect(passwordHasher({ cost: 11, blockSize: 9 }).needsRehash(renewed)).toBe(true)
    expect(passwordHasher({ cost: 11, parallelization: 2 }).needsRehash(renewed)).toBe(true)
    expect(stronger.needsRehash('not a hash')).toBe(true)
    expect(needsRehash(old)).toBe(true)
  })

  it('takes unicode passwords, normalized (NFKC): composed and decomposed accents are one password', async () => {
    const composed = 'caf\u00e9 \u{1F512} \u5bc6\u7801'
    const decomposed = 'cafe\u0301 \u{1F512} \u5bc6\u7801'
    const hashed = await fast.hash(composed)

    expect(await fast.verify(composed, hashed)).toBe(true)
    expect(await fast.verify(decomposed, hashed)).toBe(true)
    expect(await fast.verify('cafe \u{1F512} \u5bc6\u7801', hashed)).toBe(false)
    // A full-width letter from an input method is its ASCII letter under NFKC.
    expect(await fast.verify('\uff41bc', await fast.hash('abc'))).toBe(true)
  })

  it('refuses to hash a password over 1024 bytes by default, clearly, and never matches one', async () => {
    const hashed = await fast.hash('x'.repeat(1024))
    expect(await fast.verify('x'.repeat(1024), hashed)).toBe(true)

    await expect(fast.hash('x'.repeat(1025))).rejects.toMatchObject({
      code: 'FFA_ERR_PASSWORD_INVALID',
      message: expect.stringContaining('1025 bytes long (UTF-8), over the limit of 1024 (maxPasswordBytes)'),
    })
    // Counted in bytes: 342 three-byte characters are 1026 bytes.
    await expect(fast.hash('\u5bc6'.repeat(342))).rejects.toMatchObject({ code: 'FFA_ERR_PASSWORD_INVALID' })
    const started = performance.now()
    expect(await fast.verify('x'.repeat(10_000_000), hashed)).toBe(false)
    expect(performance.now() - started).toBeLessThan(1000)

    // Counted after normalization: 600 decomposed é (1200 code units, 1800 bytes) are 1200 bytes composed.
    const accents = 'e\u0301'.repeat(600)
    expect(await passwordHasher({ cost: 10, maxPasswordBytes: 1200 }).verify('\u00e9'.repeat(600), await passwordHasher({ cost: 10, maxPasswordBytes: 1200 }).hash(accents))).toBe(true)

    const roomy = passwordHasher({ cost: 10, maxPasswordBytes: 4096 })
    expect(await roomy.verify('y'.repeat(4096), await roomy.hash('y'.repeat(4096)))).toBe(true)
  })

  it('refuses a password that is not a string', async () => {
    // @ts-expect-error  a number is no password
    await expect(fast.hash(1234)).rejects.toMatchObject({ code: 'FFA_ERR_PASSWORD_INVALID', message: 'hashPassword: the password must be a string; got number.' })
    // @ts-expect-error  nor is undefined
    await expect(fast.verify(undefined, '$scrypt$')).rejects.toMatchObject({ code: 'FFA_ERR_PASSWORD_INVALID' })
  })

  it('refuses bad options by name, with the fix', () => {
    expect(() => passwordHasher({ cost: 9 })).toThrow("passwordHasher: option 'cost' must be an integer from 10 to 22 (N = 2^cost; OWASP asks 17 or more); got number 9")
    expect(() => passwordHasher({ cost: 17.5 })).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID' }))
    expect(() => passwordHasher({ blockSize: 0 })).toThrow("passwordHasher: option 'blockSize' must be an integer of at least 1, like 8; got number 0")
    expect(() => passwordHasher({ parallelization: 17 })).toThrow(/parallelization within 16/)
    expect(() => passwordHasher({ cost: 22, blockSize: 16 })).toThrow(/asks for 8192 MiB per hash/)
    expect(() => passwordHasher({ maxPasswordBytes: -1 })).toThrow(/maxPasswordBytes/)
    // @ts-expect-error  an unknown option
    expect(() => passwordHasher({ rounds: 10 })).toThrow("passwordHasher: option 'rounds' is not an option of passwordHasher; its options are: cost, blockSize, parallelization, maxPasswordBytes")
  })

  it('says which parameters it uses', () => {
    expect(passwordHasher().parameters).toEqual({ ln: 17, r: 8, p: 1 })
    expect(passwordHasher({ cost: 12, blockSize: 4, parallelization: 2 }).parameters).toEqual({ ln: 12, r: 4, p: 2 })
  })
})
