import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { decodeParts, expectAccepted, expectRefused, protectedApp, rsaKeys, SECRET } from './helpers/security.js'

// Rotating keys: a new key signs from now on; tokens signed with the old one keep working
// until the old key is removed (once they have all expired), then are refused.

describe('key rotation by kid', () => {
  it('verifies tokens of the old key after a new one signs, until the old key is removed', async () => {
    const march = rsaKeys()
    const june = rsaKeys()
    const before = new JWT({ keys: [{ kid: '2025-03', algorithms: ['RS256'], ...march }] })
    const oldToken = before.sign({ sub: 'rick', scope: 'me' })
    expect(decodeParts(oldToken).header.kid).toBe('2025-03')

    const during = new JWT({
      keys: [
        { kid: '2025-06', algorithms: ['RS256'], ...june },
        { kid: '2025-03', algorithms: ['RS256'], publicKey: march.publicKey },
      ],
    })
    const newToken = during.sign({ sub: 'ann', scope: 'me' })
    expect(decodeParts(newToken).header.kid).toBe('2025-06')
    const duringApp = await protectedApp(during)
    await expectAccepted(duringApp, oldToken, 'rick')
    await expectAccepted(duringApp, newToken, 'ann')

    const after = new JWT({ keys: [{ kid: '2025-06', algorithms: ['RS256'], ...june }] })
    const afterApp = await protectedApp(after)
    await expectRefused(afterApp, oldToken, 'the old key was removed')
    await expectAccepted(afterApp, newToken, 'ann')
  })

  it('moves from a shared secret to a key pair the same way', async () => {
    const hmac = new JWT({ kid: 'hs-1', algorithms: ['HS256'], secret: SECRET })
    const oldToken = hmac.sign({ sub: 'rick', scope: 'me' })
    const rsa = rsaKeys()
    const both = new JWT({ keys: [{ kid: 'rs-1', algorithms: ['RS256'], ...rsa }, { kid: 'hs-1', algorithms: ['HS256'], secret: SECRET }] })
    const app = await protectedApp(both)
    await expectAccepted(app, oldToken, 'rick')
    const newToken = both.sign({ sub: 'ann', scope: 'me' })
    expect(decodeParts(newToken).header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'rs-1' })
    await expectAccepted(app, newToken, 'ann')
  })

  it('lets a service that only verifies hold public keys alone, and refuses to sign there', () => {
    const june = rsaKeys()
    const issuer = new JWT({ keys: [{ kid: '2025-06', algorithms: ['RS256'], ...june }] })
    const verifier = new JWT({ keys: [{ kid: '2025-06', algorithms: ['RS256'], publicKey: june.publicKey }] })
    expect(verifier.verify(issuer.sign({ sub: 'rick' }))).toMatchObject({ sub: 'rick' })
    expect(() => verifier.sign({ sub: 'rick' })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "JWT: option 'keys[0].privateKey' is missing, so sign() cannot sign: this JWT only verifies. Pass the private key to the JWT that issues tokens (keys[0] signs when there are several)",
    }))
  })
})
