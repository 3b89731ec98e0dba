import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fastapi, HTTPBasic, HTTPBearer, HTTPDigest, OAuth2PasswordBearer, OpenIdConnect } from 'fastify-fastapi'
import { listen, rawRequest } from '../helpers/raw-http.js'

// Missing, malformed and wrong-scheme Authorization headers, sent as raw bytes on a socket
// (leading spaces, tabs, a header sent twice: what an HTTP client library would tidy up),
// against every scheme that reads the header. Each answer is FastAPI's (>= 0.122): the
// status, and the value given or the scheme's challenge. Node's HTTP parser and uvicorn's
// (h11) agree on what reaches the app: values trimmed of surrounding whitespace, the first
// of a repeated Authorization header.

const ROUTES = {
  '/oauth2': { make: () => OAuth2PasswordBearer({ tokenUrl: 'token' }), challenge: 'Bearer' },
  '/bearer': { make: () => HTTPBearer(), challenge: 'Bearer' },
  '/basic': { make: () => HTTPBasic({ realm: 'shop' }), challenge: 'Basic realm="shop"' },
  '/digest': { make: () => HTTPDigest(), challenge: 'Digest' },
  '/oidc': { make: () => OpenIdConnect({ openIdConnectUrl: '/openid' }), challenge: 'Bearer' },
} as const
type Path = keyof typeof ROUTES

// What each route answers: the value the scheme gave (200), or 401 with its challenge.
type Expected = Record<Path, unknown | 401>
const JOHN = 'am9objpzZWNyZXQ=' // john:secret

const CASES: Array<{ name: string, headers: string[], expected: Expected }> = [
  {
    name: 'no Authorization header',
    headers: [],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 401 },
  },
  {
    name: 'an empty one',
    headers: ['Authorization:'],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 401 },
  },
  {
    name: 'spaces only',
    headers: ['Authorization:    '],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 401 },
  },
  {
    name: 'a scheme with no credentials ("Bearer", trailing spaces trimmed)',
    headers: ['Authorization: Bearer   '],
    // OAuth2PasswordBearer checks the scheme only, and gives an empty token.
    expected: { '/oauth2': '', '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 'Bearer' },
  },
  {
    name: 'a bearer token, with leading whitespace the parser drops',
    headers: ['Authorization: \t  Bearer abc'],
    expected: { '/oauth2': 'abc', '/bearer': { scheme: 'Bearer', credentials: 'abc' }, '/basic': 401, '/digest': 401, '/oidc': 'Bearer abc' },
  },
  {
    name: 'the scheme in capitals',
    headers: ['Authorization: BEARER abc'],
    expected: { '/oauth2': 'abc', '/bearer': { scheme: 'BEARER', credentials: 'abc' }, '/basic': 401, '/digest': 401, '/oidc': 'BEARER abc' },
  },
  {
    name: 'a tab between scheme and token (only a space separates them)',
    headers: ['Authorization: Bearer\tabc'],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 'Bearer\tabc' },
  },
  {
    name: 'the wrong scheme: Basic credentials',
    headers: [`Authorization: Basic ${JOHN}`],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': { username: 'john', password: 'secret' }, '/digest': 401, '/oidc': `Basic ${JOHN}` },
  },
  {
    name: 'the wrong scheme: a token where Basic credentials belong',
    headers: ['Authorization: Token abc'],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 'Token abc' },
  },
  {
    name: 'a scheme glued to its token ("Bearerabc")',
    headers: ['Authorization: Bearerabc'],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 'Bearerabc' },
  },
  {
    name: 'Basic credentials that are not base64',
    headers: ['Authorization: Basic notabase64token'],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 'Basic notabase64token' },
  },
  {
    name: 'Basic credentials without a colon',
    headers: [`Authorization: Basic ${Buffer.from('johnsecret').toString('base64')}`],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': 'Basic am9obnNlY3JldA==' },
  },
  {
    name: 'two Authorization headers: the first is read, the second ignored',
    headers: [`Authorization: Basic ${JOHN}`, 'Authorization: Bearer abc'],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': { username: 'john', password: 'secret' }, '/digest': 401, '/oidc': `Basic ${JOHN}` },
  },
  {
    name: 'a Latin-1 token (not ASCII)',
    headers: ['Authorization: Bearer caf\u00e9'],
    expected: { '/oauth2': 'caf\u00e9', '/bearer': { scheme: 'Bearer', credentials: 'caf\u00e9' }, '/basic': 401, '/digest': 401, '/oidc': 'Bearer caf\u00e9' },
  },
  {
    name: 'Basic credentials with a Latin-1 character in the base64',
    headers: [`Authorization: Basic ${JOHN}\u00e9`],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': 401, '/oidc': `Basic ${JOHN}\u00e9` },
  },
  {
    name: 'a Digest header',
    headers: ['Authorization: Digest username="john", realm="shop", nonce="abc", response="def"'],
    expected: { '/oauth2': 401, '/bearer': 401, '/basic': 401, '/digest': { scheme: 'Digest', credentials: 'username="john", realm="shop", nonce="abc", response="def"' }, '/oidc': 'Digest username="john", realm="shop", nonce="abc", response="def"' },
  },
]

describe('Authorization headers, missing, malformed and of the wrong scheme', () => {
  let app: FastifyInstance
  let port: number

  beforeAll(async () => {
    app = Fastify()
    await app.register(fastapi, { docs: false })
    for (const [path, { make }] of Object.entries(ROUTES)) {
      app.api.get(path, { deps: { value: make() } }, ({ deps }) => ({ value: deps.value }))
    }
    port = await listen(app)
  })
  afterAll(() => app.close())

  it.each(CASES)('$name', async ({ headers, expected }) => {
    for (const [path, answer] of Object.entries(expected) as Array<[Path, unknown]>) {
      const head = [`GET ${path} HTTP/1.1`, 'Host: localhost', ...headers, 'Connection: close', '', ''].join('\r\n')
      const res = await rawRequest(port, [Buffer.from(head, 'latin1')])
      if (answer === 401) {
        expect(res.status, `${path}: ${res.body}`).toBe(401)
        expect(JSON.parse(res.body), path).toEqual({ detail: 'Not authenticated' })
        expect(res.headers['www-authenticate'], path).toBe(ROUTES[path].challenge)
      } else {
        expect(res.status, `${path}: ${res.body}`).toBe(200)
        expect(JSON.parse(Buffer.from(res.body, 'latin1').toString('utf8')), path).toEqual({ value: answer })
      }
    }
  })

  it('answers a 16 KiB token, and reflects nothing of the request in the challenge', async () => {
    const token = 'a'.repeat(15_000)
    const ok = await rawRequest(port, [`GET /oauth2 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`])
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toEqual({ value: token })
    const refused = await rawRequest(port, ['GET /basic HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic realm="evil", Bearer x\r\nConnection: close\r\n\r\n'])
    expect(refused.status).toBe(401)
    expect(refused.headers['www-authenticate']).toBe('Basic realm="shop"')
  })
})
