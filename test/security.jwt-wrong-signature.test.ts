import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { ecKeys, expectAccepted, expectRefused, protectedApp, rsaKeys, SECRET } from './helpers/security.js'

// A token signed with another key, or with its signature removed, cut or swapped.

describe('attack: a wrong signature', () => {
  it('is refused when the token was signed with another secret', async () => {
    const app = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET }))
    const forger = new JWT({ algorithms: ['HS256'], secret: 'an attacker\'s own 32-byte secret!' })
    await expectRefused(app, forger.sign({ sub: 'rick', scope: 'me' }), 'another secret')
  })

  it('is refused when the signature is removed, cut, swapped or not base64url', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    const other = jwt.sign({ sub: 'admin', scope: 'me' })
    const [header, payload, signature] = genuine.split('.') as [string, string, string]
    await expectAccepted(app, genuine, 'rick')
    await expectRefused(app, `${header}.${payload}.`, 'no signature')
    await expectRefused(app, `${header}.${payload}`, 'two parts')
    await expectRefused(app, `${header}.${payload}.${signature.slice(0, -2)}`, 'a cut signature')
    await expectRefused(app, `${header}.${payload}.${signature}AA`, 'a longer signature')
    await expectRefused(app, `${header}.${payload}.${other.split('.')[2] as string}`, 'the signature of another token')
    // The first character: all six of its bits are signature (the last one's low bits are
    // base64url padding, so changing 'A' to 'B' there can leave the bytes as they were).
    await expectRefused(app, `${header}.${payload}.${signature.replace(/^./, (first) => (first === 'A' ? 'B' : 'A'))}`, 'one character changed')
    await expectRefused(app, `${header}.${payload}.${Buffer.from(signature, 'base64url').toString('base64')}+/=`, 'base64 instead of base64url')
    await expectRefused(app, `${genuine}.${signature}`, 'four parts')
    expect(() => jwt.verify(`${header}.${payload}.${signature.slice(0, -2)}`)).toThrow(expect.objectContaining({ reason: 'signature' }))
  })

  it('is refused when an RS256 or ES256 token was signed by another key pair', async () => {
    const rsa = new JWT({ algorithms: ['RS256'], ...rsaKeys() })
    await expectRefused(await protectedApp(rsa), new JWT({ algorithms: ['RS256'], ...rsaKeys() }).sign({ sub: 'rick', scope: 'me' }), 'RS256, another key pair')
    const ec = new JWT({ algorithms: ['ES256'], ...ecKeys() })
    await expectRefused(await protectedApp(ec), new JWT({ algorithms: ['ES256'], ...ecKeys() }).sign({ sub: 'rick', scope: 'me' }), 'ES256, another key pair')
  })

  it('answers an ES256 signature of the wrong length with a 401, not a 500', async () => {
    const jwt = new JWT({ algorithms: ['ES256'], ...ecKeys() })
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    await expectAccepted(app, genuine, 'rick')
    const [header, payload] = genuine.split('.') as [string, string]
    for (const bytes of [1, 63, 65, 200]) {
      await expectRefused(app, `${header}.${payload}.${Buffer.alloc(bytes, 7).toString('base64url')}`, `a signature of ${bytes} bytes`)
    }
  })

  it('refuses what is no JWT at all', async () => {
    const app = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET }))
    for (const token of ['nonexistent', 'a.b.c', '..', 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln', 'eyJhbGciOiJIUzI1NiJ9.WzEsMl0.c2ln', `${'A'.repeat(4000)}.${'B'.repeat(4000)}.C`]) {
      await expectRefused(app, token, `not a JWT: ${token.slice(0, 40)}`)
    }
  })
})
