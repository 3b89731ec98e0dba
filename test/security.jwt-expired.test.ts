import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { expectAccepted, expectRefused, nowSeconds, protectedApp, SECRET, signHS } from './helpers/security.js'

// An expired token (`exp` past) is refused, as PyJWT's ExpiredSignatureError makes FastAPI's
// tutorial answer: 401 Could not validate credentials. A token without `exp` would never
// expire, so one is required by default.

describe('attack: an expired token', () => {
  it('is refused once its exp has passed', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await protectedApp(jwt)
    await expectAccepted(app, jwt.sign({ sub: 'rick', scope: 'me' }), 'rick')
    // Signed an hour ago, for the default 15 minutes.
    const issuer = new JWT({ algorithms: ['HS256'], secret: SECRET, clockTimestamp: Date.now() - 3600_000 })
    await expectRefused(app, issuer.sign({ sub: 'rick', scope: 'me' }), 'issued an hour ago for 15 minutes')
    await expectRefused(app, jwt.sign({ sub: 'rick', scope: 'me', exp: nowSeconds() - 1 }), 'exp a second ago')
    expect(() => jwt.verify(jwt.sign({ sub: 'rick', exp: nowSeconds() - 1 }))).toThrow(expect.objectContaining({ reason: 'expired' }))
  })

  it('expires expiresIn seconds after iat', async () => {
    const base = Date.now()
    const at = (offset: number) => new JWT({ algorithms: ['HS256'], secret: SECRET, clockTimestamp: base + offset * 1000 })
    const token = at(0).sign({ sub: 'rick', scope: 'me' }, { expiresIn: 60 })
    expect(at(59).verify(token)).toMatchObject({ sub: 'rick' })
    expect(() => at(61).verify(token)).toThrow(expect.objectContaining({ reason: 'expired' }))
  })

  it('refuses a token without exp by default, and takes one when exp is not required', async () => {
    const token = signHS({ alg: 'HS256', typ: 'JWT' }, { sub: 'rick', scope: 'me' }, SECRET)
    const strict = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET }))
    await expectRefused(strict, token, 'no exp')
    expect(() => new JWT({ algorithms: ['HS256'], secret: SECRET }).verify(token)).toThrow(expect.objectContaining({ reason: 'missing_claim' }))

    const lenient = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET, requiredClaims: [] }))
    await expectAccepted(lenient, token, 'rick')
  })

  it('refuses a token whose exp is not a number', async () => {
    const app = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET }))
    for (const exp of [String(nowSeconds() + 600), null, [nowSeconds() + 600]]) {
      await expectRefused(app, signHS({ alg: 'HS256' }, { sub: 'rick', scope: 'me', exp }, SECRET), `exp ${JSON.stringify(exp)}`)
    }
  })

  it('refuses a token older than maxAge, whatever its exp', async () => {
    const app = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET, maxAge: 300 }))
    const old = signHS({ alg: 'HS256' }, { sub: 'rick', scope: 'me', iat: nowSeconds() - 600, exp: nowSeconds() + 600 }, SECRET)
    await expectRefused(app, old, 'iat 10 minutes ago, maxAge 5 minutes')
    await expectRefused(app, signHS({ alg: 'HS256' }, { sub: 'rick', scope: 'me', exp: nowSeconds() + 600 }, SECRET), 'no iat with maxAge')
    await expectAccepted(app, signHS({ alg: 'HS256' }, { sub: 'rick', scope: 'me', iat: nowSeconds() - 60, exp: nowSeconds() + 600 }, SECRET), 'rick')
  })
})
