import { createPublicKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { expectAccepted, expectRefused, nowSeconds, protectedApp, rsaKeys, SECRET, signHS } from '../helpers/security.js'

// The HS/RS confusion: the verifier holds an RSA public key, which is public. An attacker
// signs a token with HS256, using that public key's text as the HMAC secret; a verifier that
// lets the token's header choose the algorithm checks the HMAC with the same text, and it matches.

describe('attack: an RS256 public key used as an HS256 secret', () => {
  it('is refused: an RS256 key allows RS256 alone, whatever the header says', async () => {
    const { publicKey, privateKey } = rsaKeys()
    const jwt = new JWT({ algorithms: ['RS256'], publicKey, privateKey })
    const app = await protectedApp(jwt)
    await expectAccepted(app, jwt.sign({ sub: 'rick', scope: 'me' }), 'rick')

    const claims = { sub: 'admin', scope: 'me', exp: nowSeconds() + 600 }
    const der = createPublicKey(publicKey).export({ type: 'spki', format: 'der' })
    const pkcs1 = createPublicKey(publicKey).export({ type: 'pkcs1', format: 'pem' }) as string
    for (const [name, secret] of [['the PEM', publicKey], ['the PEM without its last newline', publicKey.trimEnd()], ['the DER bytes', der], ['the PKCS#1 PEM', pkcs1]] as const) {
      for (const alg of ['HS256', 'HS384', 'HS512']) {
        await expectRefused(app, signHS({ alg, typ: 'JWT' }, claims, secret), `${alg} signed with ${name}`)
      }
    }
    expect(() => jwt.verify(signHS({ alg: 'HS256', typ: 'JWT' }, claims, publicKey))).toThrow(expect.objectContaining({ reason: 'algorithm' }))
  })

  it('is refused when keys of both kinds are configured and the forged token names the RSA key\'s kid', async () => {
    const { publicKey, privateKey } = rsaKeys()
    const jwt = new JWT({
      keys: [
        { kid: 'rsa-2025', algorithms: ['RS256'], publicKey, privateKey },
        { kid: 'hmac-2024', algorithms: ['HS256'], secret: SECRET },
      ],
    })
    const app = await protectedApp(jwt)
    await expectAccepted(app, jwt.sign({ sub: 'rick', scope: 'me' }), 'rick')
    await expectAccepted(app, signHS({ alg: 'HS256', kid: 'hmac-2024' }, { sub: 'ann', scope: 'me', exp: nowSeconds() + 600 }, SECRET), 'ann')

    const claims = { sub: 'admin', scope: 'me', exp: nowSeconds() + 600 }
    await expectRefused(app, signHS({ alg: 'HS256', kid: 'rsa-2025' }, claims, publicKey), 'HS256 naming the RSA key')
    await expectRefused(app, signHS({ alg: 'HS256', kid: 'hmac-2024' }, claims, publicKey), 'HS256 naming the HMAC key, signed with the public key')
  })

  it('cannot be configured: a PEM key as an HS secret, or HS and RS on one key, is refused when the JWT is made', () => {
    const { publicKey, privateKey } = rsaKeys()
    expect(() => new JWT({ algorithms: ['HS256'], secret: publicKey })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "JWT: option 'secret' looks like a PEM key; HS256 needs a random secret. For a key pair, use an RS, PS, ES or EdDSA algorithm with 'publicKey' and 'privateKey'",
    }))
    expect(() => new JWT({ algorithms: ['HS256', 'RS256'], publicKey })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "JWT: option 'algorithms' mixes HS256 (a shared secret) with RS256 (an RSA key); a key signs one way: give each kind its own key, with its own kid, in 'keys'",
    }))
    expect(() => new JWT({ algorithms: ['HS256'], secret: SECRET, publicKey })).toThrow(expect.objectContaining({
      message: "JWT: option 'publicKey' is set, but HS256 signs with a shared secret: pass 'secret' alone, or use an RS, PS, ES or EdDSA algorithm for a key pair",
    }))
    expect(() => new JWT({ algorithms: ['RS256'], secret: SECRET, privateKey })).toThrow(expect.objectContaining({
      message: "JWT: option 'secret' is set, but RS256 signs with a key pair: pass 'privateKey' (to sign) and/or 'publicKey' (to verify), or use an HS algorithm with the secret",
    }))
  })
})
