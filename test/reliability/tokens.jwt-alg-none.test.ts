import { describe, expect, it } from 'vitest'
import { InvalidTokenError, JWT } from 'fastify-fastapi'
import { listen } from '../helpers/raw-http.js'
import { decodeParts, encodePart, expectAccepted, expectRefused, nowSeconds, protectedApp, rsaKeys, SECRET } from '../helpers/security.js'

// The oldest JWT attack: a token that says `"alg": "none"` carries no signature, and a
// verifier that believes the header accepts whatever payload it holds.

describe('attack: a token with alg none', () => {
  it('is refused with 401 Could not validate credentials, however "none" is spelled, with or without a signature', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await protectedApp(jwt)
    const genuine = jwt.sign({ sub: 'rick', scope: 'me' })
    await expectAccepted(app, genuine, 'rick')

    const { signature } = decodeParts(genuine)
    const payload = encodePart({ sub: 'admin', scope: 'me', exp: nowSeconds() + 600 })
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const header = encodePart({ alg, typ: 'JWT' })
      await expectRefused(app, `${header}.${payload}.`, `alg ${alg}, no signature`)
      await expectRefused(app, `${header}.${payload}`, `alg ${alg}, two parts`)
      await expectRefused(app, `${header}.${payload}.${signature}`, `alg ${alg}, a signature of another token`)
    }
  })

  it('is refused by an RS256 verifier too', async () => {
    const { publicKey, privateKey } = rsaKeys()
    const jwt = new JWT({ algorithms: ['RS256'], publicKey, privateKey })
    const app = await protectedApp(jwt)
    await expectAccepted(app, jwt.sign({ sub: 'rick', scope: 'me' }), 'rick')
    await expectRefused(app, `${encodePart({ alg: 'none' })}.${encodePart({ sub: 'admin', scope: 'me', exp: nowSeconds() + 600 })}.`, 'alg none against RS256')
  })

  it('is refused over real HTTP', async () => {
    const app = await protectedApp(new JWT({ algorithms: ['HS256'], secret: SECRET }))
    const port = await listen(app)
    const token = `${encodePart({ alg: 'none', typ: 'JWT' })}.${encodePart({ sub: 'admin', scope: 'me', exp: nowSeconds() + 600 })}.`
    const res = await fetch(`http://127.0.0.1:${port}/users/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ detail: 'Could not validate credentials' })
    expect(res.headers.get('www-authenticate')).toBe('Bearer scope="me"')
  })

  it('is refused by verify with a reason: no signature, or an algorithm the key does not allow', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const payload = encodePart({ sub: 'admin', exp: nowSeconds() + 600 })
    expect(() => jwt.verify(`${encodePart({ alg: 'none' })}.${payload}.`)).toThrow(expect.objectContaining({ name: 'InvalidTokenError', reason: 'signature' }))
    const withSignature = `${encodePart({ alg: 'none' })}.${payload}.${decodeParts(jwt.sign({ sub: 'rick' })).signature}`
    expect(() => jwt.verify(withSignature)).toThrow(InvalidTokenError)
    expect(() => jwt.verify(withSignature)).toThrow(expect.objectContaining({ reason: 'algorithm' }))
  })

  it('cannot be allowed: "none" in algorithms is refused when the JWT is made', () => {
    for (const algorithms of [['none'], ['HS256', 'none'], ['NONE']]) {
      expect(() => new JWT({ algorithms: algorithms as ['HS256'], secret: SECRET })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_OPTION_INVALID',
        message: "JWT: option 'algorithms' must not hold 'none': a verifier that allows it accepts unsigned tokens, which anyone can write. Remove it",
      }))
    }
  })
})
