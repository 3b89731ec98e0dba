import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { JWT, type JWTAlgorithm } from 'fastify-fastapi'
import { decodeParts, ecKeys, rsaKeys, SECRET } from './helpers/security.js'

const NOW = 1_750_000_000

describe('JWT sign and verify', () => {
  it('signs and verifies with every algorithm it allows', () => {
    const ed = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
    const rsa = rsaKeys()
    const cases: Array<[JWTAlgorithm, Record<string, unknown>]> = [
      ['HS256', { secret: SECRET }], ['HS384', { secret: SECRET }], ['HS512', { secret: SECRET }],
      ['RS256', { ...rsa }], ['RS512', { ...rsa }], ['PS256', { ...rsa }], ['PS384', { ...rsa }],
      ['ES256', { ...ecKeys('prime256v1') }], ['ES384', { ...ecKeys('secp384r1') }], ['ES512', { ...ecKeys('secp521r1') }],
      ['EdDSA', { ...ed }],
    ]
    for (const [algorithm, key] of cases) {
      const jwt = new JWT({ algorithms: [algorithm], ...key })
      const token = jwt.sign({ sub: 'rick' })
      expect(decodeParts(token).header, algorithm).toEqual({ alg: algorithm, typ: 'JWT' })
      expect(jwt.verify(token), algorithm).toMatchObject({ sub: 'rick' })
    }
  })

  it('writes iat now, exp after expiresIn (15 minutes by default), and nbf only when asked', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, clockTimestamp: NOW * 1000 + 999 })
    expect(decodeParts(jwt.sign({ sub: 'rick' })).payload).toEqual({ sub: 'rick', iat: NOW, exp: NOW + 900 })
    expect(decodeParts(jwt.sign({ sub: 'rick' }, { expiresIn: 60, notBefore: 5 })).payload).toEqual({ sub: 'rick', iat: NOW, exp: NOW + 60, nbf: NOW + 5 })
    // FastAPI's create_access_token puts exp in the data itself: a claim given wins.
    expect(decodeParts(jwt.sign({ sub: 'rick', exp: NOW + 30, iat: NOW - 10 })).payload).toEqual({ sub: 'rick', iat: NOW - 10, exp: NOW + 30 })
    const long = new JWT({ algorithms: ['HS256'], secret: SECRET, clockTimestamp: NOW * 1000, expiresIn: 3600, notBefore: 2 })
    expect(decodeParts(long.sign({ sub: 'rick' })).payload).toEqual({ sub: 'rick', iat: NOW, exp: NOW + 3600, nbf: NOW + 2 })
  })

  it('writes iss and aud from its options, unless the claims carry their own', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, clockTimestamp: NOW * 1000, issuer: 'auth', audience: ['shop', 'admin'] })
    expect(decodeParts(jwt.sign({ sub: 'rick' })).payload).toEqual({ iss: 'auth', aud: ['shop', 'admin'], sub: 'rick', iat: NOW, exp: NOW + 900 })
    expect(decodeParts(jwt.sign({ sub: 'rick', aud: 'admin' })).payload).toMatchObject({ aud: 'admin' })
  })

  it('writes the signing key\'s kid into the header', () => {
    const jwt = new JWT({ keys: [{ kid: 'new', algorithms: ['HS256'], secret: SECRET }, { kid: 'old', algorithms: ['HS256'], secret: SECRET.toUpperCase() }] })
    expect(decodeParts(jwt.sign({ sub: 'rick' })).header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'new' })
  })

  it('returns the claims read-only: a remembered token gives every request the same object', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const token = jwt.sign({ sub: 'rick', scope: 'me' })
    const first = jwt.verify(token)
    const second = jwt.verify(token)
    expect(second).toEqual(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(() => { (first as Record<string, unknown>).sub = 'admin' }).toThrow(TypeError)
    expect(jwt.verify(token).sub).toBe('rick')
  })

  it('verifies without a cache as well', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, cache: 0 })
    const token = jwt.sign({ sub: 'rick' })
    expect(jwt.verify(token)).toMatchObject({ sub: 'rick' })
    expect(jwt.verify(token)).toMatchObject({ sub: 'rick' })
  })

  it('takes KeyObjects, and derives the public key from the private one', () => {
    const { publicKey, privateKey } = rsaKeys()
    const fromObjects = new JWT({ algorithms: ['RS256'], privateKey: createPrivateKey(privateKey), publicKey: createPublicKey(publicKey) })
    const fromPrivate = new JWT({ algorithms: ['RS256'], privateKey })
    const verifier = new JWT({ algorithms: ['RS256'], publicKey: createPrivateKey(privateKey) })
    expect(verifier.verify(fromObjects.sign({ sub: 'a' }))).toMatchObject({ sub: 'a' })
    expect(verifier.verify(fromPrivate.sign({ sub: 'b' }))).toMatchObject({ sub: 'b' })
  })

  it('shows its settings but never its key material, so a logged JWT leaks no secret', () => {
    const { publicKey, privateKey } = rsaKeys()
    const keyed = new JWT({ keys: [{ kid: 'rs', algorithms: ['RS256'], privateKey, publicKey }, { kid: 'hs', algorithms: ['HS256'], secret: SECRET }] })
    expect(keyed.options.keys).toEqual([{ kid: 'rs', algorithms: ['RS256'] }, { kid: 'hs', algorithms: ['HS256'] }])
    const shown = inspect(keyed, { depth: 10, showHidden: true }) + JSON.stringify(keyed)
    expect(shown).not.toContain(SECRET)
    expect(shown).not.toContain('<Buffer 30 39 64 32 35 65 30 39') // the secret's bytes, as inspect shows a Buffer
    expect(shown).not.toContain(privateKey.split('\n')[1])
    expect(shown).not.toContain(publicKey.split('\n')[1])
  })

  it('refuses to sign without a private key, naming the option that would give it', () => {
    const { publicKey } = rsaKeys()
    expect(() => new JWT({ algorithms: ['RS256'], publicKey }).sign({ sub: 'rick' })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "JWT: option 'privateKey' is missing, so sign() cannot sign: this JWT only verifies. Pass the private key to the JWT that issues tokens (keys[0] signs when there are several)",
    }))
  })

  it('refuses a token that is not a string', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    for (const token of [undefined, null, 42, Buffer.from(jwt.sign({ sub: 'rick' }))]) {
      expect(() => jwt.verify(token as unknown as string)).toThrow(expect.objectContaining({ name: 'InvalidTokenError', reason: 'malformed' }))
    }
  })
})
