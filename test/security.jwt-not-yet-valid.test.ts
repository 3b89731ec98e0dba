import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { expectAccepted, expectRefused, nowSeconds, protectedApp, SECRET, signHS } from './helpers/security.js'

// A token not valid yet: `nbf` in the future (PyJWT's ImmatureSignatureError), or `iat` in
// the future (PyJWT refuses that too: "The token is not yet valid (iat)").

describe('attack: a token not valid yet', () => {
  it('is refused while its nbf is in the future', async () => {
    const app = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET }))
    await expectRefused(app, signHS({ alg: 'HS256' }, { sub: 'rick', scope: 'me', nbf: nowSeconds() + 60, exp: nowSeconds() + 600 }, SECRET), 'nbf in a minute')
    await expectAccepted(app, signHS({ alg: 'HS256' }, { sub: 'rick', scope: 'me', nbf: nowSeconds() - 1, exp: nowSeconds() + 600 }, SECRET), 'rick')
  })

  it('is refused while its iat is in the future', async () => {
    const app = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET }))
    await expectRefused(app, signHS({ alg: 'HS256' }, { sub: 'rick', scope: 'me', iat: nowSeconds() + 60, exp: nowSeconds() + 600 }, SECRET), 'iat in a minute')
    await expectRefused(app, signHS({ alg: 'HS256' }, { sub: 'rick', scope: 'me', iat: 'yesterday', exp: nowSeconds() + 600 }, SECRET), 'iat not a number')
  })

  it('gives verify the reason not_yet_valid', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    expect(() => jwt.verify(signHS({ alg: 'HS256' }, { nbf: nowSeconds() + 60, exp: nowSeconds() + 600 }, SECRET))).toThrow(expect.objectContaining({ reason: 'not_yet_valid' }))
    expect(() => jwt.verify(signHS({ alg: 'HS256' }, { iat: nowSeconds() + 60, exp: nowSeconds() + 600 }, SECRET))).toThrow(expect.objectContaining({ reason: 'not_yet_valid' }))
  })

  it('signs tokens valid from notBefore seconds after iat, refused until then', () => {
    const base = Date.now()
    const at = (offset: number) => new JWT({ algorithms: ['HS256'], secret: SECRET, notBefore: 30, clockTimestamp: base + offset * 1000 })
    const token = at(0).sign({ sub: 'rick' })
    expect(() => at(0).verify(token)).toThrow(expect.objectContaining({ reason: 'not_yet_valid' }))
    expect(() => at(29).verify(token)).toThrow(expect.objectContaining({ reason: 'not_yet_valid' }))
    expect(at(31).verify(token)).toMatchObject({ sub: 'rick' })
  })
})
