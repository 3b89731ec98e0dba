import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { expectAccepted, expectRefused, nowSeconds, protectedApp, SECRET, signHS } from './helpers/security.js'

// A genuine token meant for another service (`aud`) or made by another issuer (`iss`), signed
// with a key both share: signature alone does not say it is meant for this one.

const ISSUER = 'https://auth.example.com'
const claims = (extra: Record<string, unknown>) => ({ sub: 'rick', scope: 'me', exp: nowSeconds() + 600, ...extra })

describe('attack: a token for another audience or from another issuer', () => {
  it('writes iss and aud into the tokens it signs, and accepts them', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, issuer: ISSUER, audience: 'shop' })
    const token = jwt.sign({ sub: 'rick', scope: 'me' })
    expect(jwt.verify(token)).toMatchObject({ iss: ISSUER, aud: 'shop', sub: 'rick' })
    await expectAccepted(await protectedApp(jwt), token, 'rick')
  })

  it('refuses a token for another audience, or for none', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, issuer: ISSUER, audience: 'shop' })
    const app = await protectedApp(jwt)
    const shared = new JWT({ algorithms: ['HS256'], secret: SECRET, issuer: ISSUER, audience: 'billing' })
    await expectRefused(app, shared.sign({ sub: 'rick', scope: 'me' }), 'aud billing')
    await expectRefused(app, signHS({ alg: 'HS256' }, claims({ iss: ISSUER }), SECRET), 'no aud')
    await expectRefused(app, signHS({ alg: 'HS256' }, claims({ iss: ISSUER, aud: ['billing', 'admin'] }), SECRET), 'aud list without shop')
    await expectRefused(app, signHS({ alg: 'HS256' }, claims({ iss: ISSUER, aud: 'SHOP' }), SECRET), 'aud in another case')
    await expectRefused(app, signHS({ alg: 'HS256' }, claims({ iss: ISSUER, aud: ['shop'.split('')] }), SECRET), 'aud a nested list')
    await expectAccepted(app, signHS({ alg: 'HS256' }, claims({ iss: ISSUER, aud: ['billing', 'shop'] }), SECRET), 'rick')
    expect(() => jwt.verify(shared.sign({ sub: 'rick' }))).toThrow(expect.objectContaining({ reason: 'audience' }))
  })

  it('refuses a token from another issuer, or from none', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, issuer: ISSUER })
    const app = await protectedApp(jwt)
    await expectRefused(app, new JWT({ algorithms: ['HS256'], secret: SECRET, issuer: 'https://evil.example.com' }).sign({ sub: 'rick', scope: 'me' }), 'another issuer')
    await expectRefused(app, signHS({ alg: 'HS256' }, claims({}), SECRET), 'no iss')
    await expectRefused(app, signHS({ alg: 'HS256' }, claims({ iss: [ISSUER] }), SECRET), 'iss a list')
    await expectRefused(app, signHS({ alg: 'HS256' }, claims({ iss: `${ISSUER}/` }), SECRET), 'iss with a trailing slash')
    expect(() => jwt.verify(signHS({ alg: 'HS256' }, claims({ iss: 'x' }), SECRET))).toThrow(expect.objectContaining({ reason: 'issuer' }))
  })

  it('accepts any of several audiences', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, audience: ['shop', 'shop-admin'] })
    const app = await protectedApp(jwt)
    await expectAccepted(app, signHS({ alg: 'HS256' }, claims({ aud: 'shop-admin' }), SECRET), 'rick')
    await expectAccepted(app, jwt.sign({ sub: 'ann', scope: 'me' }), 'ann')
    await expectRefused(app, signHS({ alg: 'HS256' }, claims({ aud: 'billing' }), SECRET), 'aud billing')
  })
})
