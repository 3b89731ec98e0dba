import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { decodeParts, ecKeys, encodePart, expectAccepted, expectRefused, protectedApp, rsaKeys } from './helpers/security.js'

// With several keys, the token's `kid` picks the key that verifies it. A kid that names no
// configured key is refused, never tried against every key nor answered by a default one.

function twoKeys () {
  const current = rsaKeys()
  const previous = rsaKeys()
  return new JWT({
    keys: [
      { kid: '2025-06', algorithms: ['RS256'], ...current },
      { kid: '2025-05', algorithms: ['RS256'], publicKey: previous.publicKey },
    ],
  })
}

describe('attack: an unknown kid', () => {
  it('is refused when the kid names no configured key, even for a token signed with one of them', async () => {
    const jwt = twoKeys()
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    expect(decodeParts(genuine).header).toEqual({ alg: 'RS256', typ: 'JWT', kid: '2025-06' })
    await expectAccepted(app, genuine, 'rick')

    const attacker = new JWT({ kid: 'evil', algorithms: ['RS256'], ...rsaKeys() })
    await expectRefused(app, attacker.sign({ sub: 'admin', scope: 'me' }), 'kid evil, the attacker\'s key')
    const [, payload, signature] = genuine.split('.') as [string, string, string]
    for (const kid of ['2025-07', '', '2025-06 ', '__proto__', 'constructor', 7, null, ['2025-06'], { kid: '2025-06' }]) {
      await expectRefused(app, `${encodePart({ alg: 'RS256', typ: 'JWT', kid })}.${payload}.${signature}`, `kid ${JSON.stringify(kid)}`)
    }
    expect(() => jwt.verify(attacker.sign({ sub: 'admin' }))).toThrow(expect.objectContaining({ reason: 'unknown_kid' }))
  })

  it('is refused when the kid names a configured key but the token was signed with another', async () => {
    const jwt = twoKeys()
    const app = await protectedApp(jwt)
    const forger = new JWT({ kid: '2025-06', algorithms: ['RS256'], ...rsaKeys() })
    await expectRefused(app, forger.sign({ sub: 'admin', scope: 'me' }), 'kid of a real key, signed with another')
  })

  it('refuses a token without a kid when the keys have kids', async () => {
    const jwt = twoKeys()
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    const [, payload, signature] = genuine.split('.') as [string, string, string]
    await expectRefused(app, `${encodePart({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`, 'no kid')
    expect(() => jwt.verify(`${encodePart({ alg: 'RS256' })}.${payload}.${signature}`)).toThrow(expect.objectContaining({ reason: 'unknown_kid' }))
    await expectRefused(app, `bm90IGpzb24.${payload}.${signature}`, 'a header that is not JSON')
  })

  it('holds a single key with a kid to it too; a single key without one reads no kid', async () => {
    const keys = ecKeys()
    const withKid = new JWT({ kid: 'only', algorithms: ['ES256'], ...keys })
    const withoutKid = new JWT({ algorithms: ['ES256'], ...keys })
    const signedWithKid = withKid.sign({ sub: 'rick', scope: 'me' })
    const signedWithout = withoutKid.sign({ sub: 'ann', scope: 'me' })
    expect(decodeParts(signedWithout).header).toEqual({ alg: 'ES256', typ: 'JWT' })

    const strict = await protectedApp(withKid)
    await expectAccepted(strict, signedWithKid, 'rick')
    await expectRefused(strict, signedWithout, 'no kid, the key has one')
    const plain = await protectedApp(withoutKid)
    await expectAccepted(plain, signedWithKid, 'rick')
    await expectAccepted(plain, signedWithout, 'ann')
  })
})
