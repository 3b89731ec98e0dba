import { generateKeyPairSync, createSecretKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { JWT, type JWTOptions } from 'fastify-fastapi'
import { ecKeys, rsaKeys, SECRET } from './helpers/security.js'

// Every JWT option is checked when the JWT is made, and each mistake names the option and the fix.

function refused (options: unknown, message: string): void {
  expect(() => new JWT(options as JWTOptions)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message }))
}

describe('JWT options', () => {
  it('refuses an HS secret shorter than its hash, naming the bytes needed and how to make one', () => {
    refused({ algorithms: ['HS256'], secret: 'secret' }, "JWT: option 'secret' must be at least 32 bytes for HS256 (the hash's size, RFC 7518 section 3.2); got 6. Make one with `openssl rand -hex 32`")
    refused({ algorithms: ['HS256', 'HS512'], secret: SECRET.slice(0, 48) }, "JWT: option 'secret' must be at least 64 bytes for HS256, HS512 (the hash's size, RFC 7518 section 3.2); got 48. Make one with `openssl rand -hex 64`")
    expect(() => new JWT({ algorithms: ['HS256'], secret: Buffer.alloc(32, 1) })).not.toThrow()
    refused({ algorithms: ['HS256'], secret: Buffer.alloc(31, 1) }, "JWT: option 'secret' must be at least 32 bytes for HS256 (the hash's size, RFC 7518 section 3.2); got 31. Make one with `openssl rand -hex 32`")
    refused({ algorithms: ['HS256'] }, "JWT: option 'secret' must be a string or a Buffer for HS256; got undefined undefined. Make one with `openssl rand -hex 32`")
  })

  it('refuses missing or unknown algorithms', () => {
    refused({ secret: SECRET }, "JWT: option 'algorithms' is missing: say how tokens are signed, like { algorithms: ['HS256'], secret } or { algorithms: ['RS256'], privateKey, publicKey }")
    refused({ algorithms: [], secret: SECRET }, "JWT: option 'algorithms' must be a non-empty array of algorithms, like ['HS256'] or ['RS256']; got object []")
    refused({ algorithms: 'HS256', secret: SECRET }, "JWT: option 'algorithms' must be a non-empty array of algorithms, like ['HS256'] or ['RS256']; got string 'HS256'")
    refused({ algorithms: ['hs256'], secret: SECRET }, "JWT: option 'algorithms' holds string 'hs256', which is not an algorithm; use HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA")
  })

  it('refuses keys that do not fit their algorithms', () => {
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
    refused({ algorithms: ['RS256'], publicKey: rsa1024.publicKey }, "JWT: option 'publicKey' is an RSA key of 1024 bits; RS256 needs 2048 bits at least")
    refused({ algorithms: ['RS256'], ...ecKeys() }, "JWT: option 'publicKey' is an EC key, but RS256 needs an RSA key")
    refused({ algorithms: ['ES256'], ...rsaKeys() }, "JWT: option 'publicKey' is an RSA key, but ES256 needs an EC key")
    refused({ algorithms: ['ES384'], ...ecKeys('prime256v1') }, "JWT: option 'publicKey' is on the curve prime256v1, but ES384 is defined on secp384r1 only")
    refused({ algorithms: ['EdDSA'], ...ecKeys() }, "JWT: option 'publicKey' is an EC key, but EdDSA needs an Ed25519 or Ed448 key")
    refused({ algorithms: ['RS256'] }, "JWT: option 'publicKey' is missing: RS256 verifies with a public key. Pass 'publicKey' (and 'privateKey' to sign)")
    refused({ algorithms: ['RS256'], publicKey: 'not a key' }, expect.stringMatching(/^JWT: option 'publicKey' could not be read as a public key \(.+\); pass a PEM key, like crypto.generateKeyPairSync gives with format 'pem'$/) as unknown as string)
    refused({ algorithms: ['RS256'], publicKey: 42 }, "JWT: option 'publicKey' must be a PEM string, a Buffer or a KeyObject; got number 42")
    refused({ algorithms: ['RS256'], publicKey: createSecretKey(Buffer.alloc(32)) }, "JWT: option 'publicKey' is a secret KeyObject; pass it as 'secret' with an HS algorithm, or pass an asymmetric key")
    refused({ algorithms: ['RS256'], publicKey: rsaKeys().publicKey, privateKey: rsaKeys().privateKey }, "JWT: option 'publicKey' is not the public half of 'privateKey': tokens it signs would not verify. Pass the matching pair")
  })

  it('refuses several keys without distinct kids, and one-key options beside keys', () => {
    const a = rsaKeys()
    refused({ keys: [{ algorithms: ['RS256'], ...a }, { kid: 'b', algorithms: ['HS256'], secret: SECRET }] }, "JWT: option 'keys[0].kid' is missing: with several keys, each needs its own kid, so that a token says which key verifies it")
    refused({ keys: [{ kid: 'a', algorithms: ['RS256'], ...a }, { kid: 'a', algorithms: ['HS256'], secret: SECRET }] }, "JWT: option 'keys[1].kid' repeats 'a': each key needs its own kid")
    refused({ keys: [{ kid: 'a', algorithms: ['HS256'], secret: 'short' }] }, "JWT: option 'keys[0].secret' must be at least 32 bytes for HS256 (the hash's size, RFC 7518 section 3.2); got 5. Make one with `openssl rand -hex 32`")
    refused({ keys: [], algorithms: ['HS256'] }, "JWT: option 'algorithms' is set beside 'keys': give it inside each key of 'keys', or drop 'keys' for a single key")
    refused({ keys: [] }, "JWT: option 'keys' must be a non-empty array of keys, like [{ kid: '2025-06', algorithms: ['RS256'], privateKey, publicKey }]; got object []")
    refused({ kid: '', algorithms: ['HS256'], secret: SECRET }, "JWT: option 'kid' must be a non-empty string; got string ''")
  })

  it('refuses times, counts and claims of the wrong kind', () => {
    const base = { algorithms: ['HS256'], secret: SECRET }
    refused({ ...base, expiresIn: '15m' }, "JWT: option 'expiresIn' must be a whole number of seconds, at least 1; got string '15m'")
    refused({ ...base, expiresIn: 0 }, "JWT: option 'expiresIn' must be a whole number of seconds, at least 1; got number 0")
    refused({ ...base, leeway: -1 }, "JWT: option 'leeway' must be a whole number of seconds, at least 0; got number -1")
    refused({ ...base, leeway: 1.5 }, "JWT: option 'leeway' must be a whole number of seconds, at least 0; got number 1.5")
    refused({ ...base, notBefore: -5 }, "JWT: option 'notBefore' must be a whole number of seconds, at least 0; got number -5")
    refused({ ...base, maxAge: 0 }, "JWT: option 'maxAge' must be a whole number of seconds, at least 1; got number 0")
    refused({ ...base, cache: -1 }, "JWT: option 'cache' must be a whole number of tokens, 0 to turn it off; got number -1")
    refused({ ...base, cacheTTL: '10m' }, "JWT: option 'cacheTTL' must be a whole number of seconds, at least 0; got string '10m'")
    refused({ ...base, issuer: '' }, "JWT: option 'issuer' must be a non-empty string; got string ''")
    refused({ ...base, audience: [] }, "JWT: option 'audience' must be a non-empty string or a non-empty array of them; got object []")
    refused({ ...base, requiredClaims: 'exp' }, "JWT: option 'requiredClaims' must be an array of claim names, like ['exp', 'sub']; got string 'exp'")
    refused({ ...base, claims: { sub: z.string() } }, expect.stringMatching(/^JWT: option 'claims' must be a zod schema of the claims, like z.object\(\{ sub: z.string\(\) \}\); got object/) as unknown as string)
    refused({ ...base, clockTimestamp: 1.5 }, "JWT: option 'clockTimestamp' must be milliseconds since the epoch, like Date.now(); got number 1.5")
    refused({ ...base, expiresIn: 60, expires: 60 }, "JWT: option 'expires' is not an option of JWT; its options are: algorithms, secret, publicKey, privateKey, kid, keys, issuer, audience, expiresIn, notBefore, leeway, maxAge, requiredClaims, cache, cacheTTL, claims, clockTimestamp")
    refused(null, "JWT: option '(options)' must be an object like { algorithms: ['HS256'], secret }; got object null")
  })

  it('documents its defaults on the resolved options', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    expect(jwt.options).toMatchObject({ expiresIn: 900, notBefore: 0, leeway: 0, maxAge: undefined, requiredClaims: ['exp'], cache: 1000, cacheTTL: 600, issuer: undefined, audience: undefined })
    expect(new JWT({ algorithms: ['HS256'], secret: SECRET, maxAge: 60 }).options.requiredClaims).toEqual(['exp', 'iat'])
    expect(Object.isFrozen(jwt.options)).toBe(true)
  })
})
