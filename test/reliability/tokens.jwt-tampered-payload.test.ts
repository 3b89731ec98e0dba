import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { decodeParts, encodePart, expectAccepted, expectRefused, protectedApp, rsaKeys, SECRET } from '../helpers/security.js'

// A genuine token whose payload (or header) was edited, its signature kept: the attacker
// raises their privileges without the key.

describe('attack: a tampered payload', () => {
  it('is refused when the subject, the scopes or the expiry are changed under the original signature', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    await expectAccepted(app, genuine, 'rick')
    const [header, , signature] = genuine.split('.') as [string, string, string]
    const { payload } = decodeParts(genuine)

    const edits: Array<[string, Record<string, unknown>]> = [
      ['another subject', { ...payload, sub: 'admin' }],
      ['more scopes', { ...payload, scope: 'me admin' }],
      ['a later exp', { ...payload, exp: (payload.exp as number) + 86_400 }],
      ['the same claims in another order', Object.fromEntries(Object.entries(payload).reverse())],
    ]
    for (const [why, edited] of edits) await expectRefused(app, `${header}.${encodePart(edited)}.${signature}`, why)
    // The same JSON with a space added: other bytes, so another signature.
    const spaced = Buffer.from(JSON.stringify(payload, null, 1)).toString('base64url')
    await expectRefused(app, `${header}.${spaced}.${signature}`, 'the same claims, other whitespace')
    expect(() => jwt.verify(`${header}.${encodePart({ ...payload, sub: 'admin' })}.${signature}`)).toThrow(expect.objectContaining({ reason: 'signature' }))
  })

  it('is refused when the header is changed under the original signature', async () => {
    const jwt = new JWT({ algorithms: ['HS256', 'HS512'], secret: SECRET.repeat(2) })
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    const [, payload, signature] = genuine.split('.') as [string, string, string]
    await expectRefused(app, `${encodePart({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`, 'alg changed to another allowed one')
    await expectRefused(app, `${encodePart({ alg: 'HS256', typ: 'JWT', kid: 'other' })}.${payload}.${signature}`, 'a kid added')
  })

  it('is refused on an RS256 token too', async () => {
    const { publicKey, privateKey } = rsaKeys()
    const jwt = new JWT({ algorithms: ['RS256'], publicKey, privateKey })
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    const [header, , signature] = genuine.split('.') as [string, string, string]
    await expectRefused(app, `${header}.${encodePart({ ...decodeParts(genuine).payload, sub: 'admin' })}.${signature}`, 'RS256, another subject')
  })

  it('is refused even once the genuine token was verified and cached', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, cache: 10 })
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    await expectAccepted(app, genuine, 'rick')
    await expectAccepted(app, genuine, 'rick')
    const [header, , signature] = genuine.split('.') as [string, string, string]
    await expectRefused(app, `${header}.${encodePart({ ...decodeParts(genuine).payload, sub: 'admin' })}.${signature}`, 'after the genuine one was cached')
  })
})
