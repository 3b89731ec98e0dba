import { describe, expect, it } from 'vitest'
import { HTTPBasic, type HTTPBasicCredentials } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "HTTP Basic Auth" (docs_src/security/tutorial006) and its tests
// (tests/test_security_http_basic_optional.py, _realm.py, _realm_description.py), as FastAPI
// >= 0.122 answers: 401 "Not authenticated" with the Basic challenge, for missing credentials
// and, even with autoError: false, for malformed ones.

const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`

async function currentUserApp (options: Parameters<typeof HTTPBasic>[0] = {}) {
  const app = await buildApp()
  const security = HTTPBasic(options)
  app.api.get('/users/me', { deps: { credentials: security } }, function read_current_user ({ deps }) {
    if (deps.credentials === null) return { msg: 'Create an account first' }
    const credentials: HTTPBasicCredentials = deps.credentials
    return { username: credentials.username, password: credentials.password }
  })
  return app
}

async function expectChallenge (app: Awaited<ReturnType<typeof currentUserApp>>, authorization: string | undefined, challenge: string): Promise<void> {
  const res = await app.inject({ url: '/users/me', headers: authorization === undefined ? {} : { authorization } })
  expect(res.statusCode, `${authorization}: ${res.body}`).toBe(401)
  expect(res.json()).toEqual({ detail: 'Not authenticated' })
  expect(res.headers['www-authenticate']).toBe(challenge)
}

describe('HTTPBasic', () => {
  it('gives the username and password (HTTPBasicCredentials)', async () => {
    const app = await currentUserApp()
    const res = await app.inject({ url: '/users/me', headers: { authorization: basic('john:secret') } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'john', password: 'secret' })
  })

  it('answers no credentials, or another scheme, 401 with `WWW-Authenticate: Basic`', async () => {
    const app = await currentUserApp()
    await expectChallenge(app, undefined, 'Basic')
    await expectChallenge(app, 'Bearer am9objpzZWNyZXQ=', 'Basic')
  })

  it('answers credentials that are not base64, or have no colon, 401 Not authenticated', async () => {
    const app = await currentUserApp()
    await expectChallenge(app, 'Basic notabase64token', 'Basic')
    await expectChallenge(app, basic('johnsecret'), 'Basic')
    await expectChallenge(app, 'Basic', 'Basic')
  })

  it('names its realm in the challenge, and no realm for an empty one (FastAPI\'s `if self.realm`)', async () => {
    const app = await currentUserApp({ realm: 'simple' })
    await expectChallenge(app, undefined, 'Basic realm="simple"')
    await expectChallenge(app, 'Basic notabase64token', 'Basic realm="simple"')
    await expectChallenge(app, basic('johnsecret'), 'Basic realm="simple"')
    const empty = await currentUserApp({ realm: '' })
    await expectChallenge(empty, 'Basic notabase64token', 'Basic')
  })

  it('gives null for missing credentials with autoError: false, but still answers malformed ones 401', async () => {
    const app = await currentUserApp({ autoError: false })
    expect((await app.inject('/users/me')).json()).toEqual({ msg: 'Create an account first' })
    expect((await app.inject({ url: '/users/me', headers: { authorization: 'Other am9objpzZWNyZXQ=' } })).json()).toEqual({ msg: 'Create an account first' })
    expect((await app.inject({ url: '/users/me', headers: { authorization: basic('john:secret') } })).json()).toEqual({ username: 'john', password: 'secret' })
    await expectChallenge(app, 'Basic notabase64token', 'Basic')
    await expectChallenge(app, basic('johnsecret'), 'Basic')
  })

  it('reads the scheme in any case, and splits at the first colon: the password may hold colons, the username may be empty', async () => {
    const app = await currentUserApp()
    const cases: Array<[string, HTTPBasicCredentials]> = [
      [basic('john:secret').replace('Basic', 'basic'), { username: 'john', password: 'secret' }],
      [basic('john:secret').replace('Basic', 'BASIC'), { username: 'john', password: 'secret' }],
      [basic('john:se:cr:et'), { username: 'john', password: 'se:cr:et' }],
      [basic(':secret'), { username: '', password: 'secret' }],
      [basic('john:'), { username: 'john', password: '' }],
    ]
    for (const [authorization, credentials] of cases) {
      const res = await app.inject({ url: '/users/me', headers: { authorization } })
      expect(res.statusCode, `${authorization}: ${res.body}`).toBe(200)
      expect(res.json()).toEqual(credentials)
    }
  })

  it('decodes base64 as Python\'s b64decode does: skips characters outside the alphabet, ignores what follows the padding, refuses a quad left open', async () => {
    const app = await currentUserApp()
    const john = { username: 'john', password: 'secret' }
    // "john:secret" is am9objpzZWNyZXQ= (15 characters and one pad).
    for (const authorization of ['Basic am9o bjpz ZWNy ZXQ=', 'Basic  am9objpzZWNyZXQ=', 'Basic am9objpzZWNyZXQ=trailing', 'Basic ==am9objpzZWNyZXQ=', 'Basic am9o!bjpz.ZWNy*ZXQ=', 'Basic am9objpzZWNyZXQ===']) {
      const res = await app.inject({ url: '/users/me', headers: { authorization } })
      expect(res.statusCode, `${authorization}: ${res.body}`).toBe(200)
      expect(res.json()).toEqual(john)
    }
    // No padding (a quad of three characters), or one character past whole quads: binascii.Error.
    await expectChallenge(app, 'Basic am9objpzZWNyZXQ', 'Basic')
    await expectChallenge(app, 'Basic a', 'Basic')
  })

  it('answers credentials that are not ASCII 401, as FastAPI\'s .decode("ascii") (UTF-8 "josé", a Latin-1 header)', async () => {
    const app = await currentUserApp()
    await expectChallenge(app, basic('josé:secret'), 'Basic')
    await expectChallenge(app, `Basic ${Buffer.from('john:s\u00e9cret', 'latin1').toString('base64')}`, 'Basic')
  })

  it('is documented as FastAPI writes it, with its description', async () => {
    const app = await currentUserApp({ realm: 'simple', description: 'HTTPBasic scheme' })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/users/me'].get).toEqual({
      summary: 'Read Current User',
      operationId: 'read_current_user_users_me_get',
      responses: { 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } },
      security: [{ HTTPBasic: [] }],
    })
    expect(document.components.securitySchemes).toEqual({ HTTPBasic: { type: 'http', scheme: 'basic', description: 'HTTPBasic scheme' } })
  })

  it('refuses a realm a header cannot carry, when it is made', () => {
    expect(() => HTTPBasic({ realm: 'shop\r\nSet-Cookie: a=b' })).toThrow(/HTTPBasic: option 'realm' must be a string a header can carry/)
  })
})
