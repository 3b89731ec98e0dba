import { describe, expect, it } from 'vitest'
import { compareDigest, Depends, HTTPBasic, HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "HTTP Basic Auth" with a check of the username and password in constant time
// (docs_src/security/tutorial007, tests/test_tutorial/test_security/test_tutorial007.py):
// Python's secrets.compare_digest, here compareDigest. Correctness is tested, not timing.

async function tutorial007 () {
  const app = await buildApp()
  const security = HTTPBasic()
  const getCurrentUsername = Depends({ deps: { credentials: security } }, function getCurrentUsername ({ deps }) {
    // Both compared, always: stopping at a wrong username would tell it was wrong.
    const isCorrectUsername = compareDigest(deps.credentials.username, 'stanleyjobson')
    const isCorrectPassword = compareDigest(deps.credentials.password, 'swordfish')
    if (!(isCorrectUsername && isCorrectPassword)) {
      throw new HTTPException(401, 'Incorrect username or password', { 'WWW-Authenticate': 'Basic' })
    }
    return deps.credentials.username
  })
  app.api.get('/users/me', { deps: { username: getCurrentUsername } }, function read_current_user ({ deps }) {
    return { username: deps.username }
  })
  return app
}

const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` })

describe('HTTP Basic with a constant-time check', () => {
  it('lets the right username and password in', async () => {
    const app = await tutorial007()
    const res = await app.inject({ url: '/users/me', headers: basic('stanleyjobson', 'swordfish') })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'stanleyjobson' })
  })

  it.each([
    ['a wrong username', 'alice', 'swordfish'],
    ['a wrong password', 'stanleyjobson', 'wrong'],
    ['a password one character short', 'stanleyjobson', 'swordfis'],
    ['a password one character long', 'stanleyjobson', 'swordfish!'],
    ['both empty', '', ''],
  ])('answers %s 401 Incorrect username or password, with the Basic challenge', async (_case, username, password) => {
    const app = await tutorial007()
    const res = await app.inject({ url: '/users/me', headers: basic(username, password) })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Incorrect username or password' })
    expect(res.headers['www-authenticate']).toBe('Basic')
  })

  it('answers no credentials with the scheme\'s own 401', async () => {
    const app = await tutorial007()
    const res = await app.inject('/users/me')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
  })
})

describe('compareDigest', () => {
  it('is true for equal secrets and false for any difference, of content or length', () => {
    expect(compareDigest('swordfish', 'swordfish')).toBe(true)
    expect(compareDigest('', '')).toBe(true)
    expect(compareDigest('swordfish', 'swordfisH')).toBe(false)
    expect(compareDigest('swordfish', 'swordfis')).toBe(false)
    expect(compareDigest('swordfis', 'swordfish')).toBe(false)
    expect(compareDigest('', 'swordfish')).toBe(false)
    expect(compareDigest('a'.repeat(10_000), 'a'.repeat(10_000))).toBe(true)
    expect(compareDigest('a'.repeat(10_000), `${'a'.repeat(9_999)}b`)).toBe(false)
  })

  it('compares strings as their UTF-8 bytes, so a string and its bytes are equal', () => {
    expect(compareDigest('caf\u00e9', Buffer.from('caf\u00e9', 'utf8'))).toBe(true)
    expect(compareDigest(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true)
    expect(compareDigest('caf\u00e9', Buffer.from('caf\u00e9', 'latin1'))).toBe(false)
    // NFC and NFD look alike and are different bytes.
    expect(compareDigest('caf\u00e9', 'cafe\u0301')).toBe(false)
  })

  it('refuses what is not a string or bytes, rather than comparing its text', () => {
    // @ts-expect-error  a number is not a secret
    expect(() => compareDigest(123, '123')).toThrow(new TypeError('compareDigest(a, b): each secret must be a string or bytes; got number'))
    // @ts-expect-error  nor is undefined (a missing field must not equal "undefined")
    expect(() => compareDigest(undefined, 'undefined')).toThrow(TypeError)
  })
})
