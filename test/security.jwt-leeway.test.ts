import { describe, expect, it } from 'vitest'
import { JWT } from 'fastify-fastapi'
import { expectAccepted, expectRefused, protectedApp, SECRET, signHS } from './helpers/security.js'

// Clocks drift between the server that signs and the one that verifies: `leeway` (PyJWT's
// name, in seconds) stretches exp, nbf and iat by that much, and no more.

const NOW = 1_750_000_000 // seconds: every JWT below reads this as its clock
const at = (leeway: number) => new JWT({ algorithms: ['HS256'], secret: SECRET, leeway, clockTimestamp: NOW * 1000 })
const token = (claims: Record<string, unknown>) => signHS({ alg: 'HS256', typ: 'JWT' }, { sub: 'rick', scope: 'me', ...claims }, SECRET)

describe('leeway', () => {
  it('accepts a token expired less than leeway seconds ago, and refuses one expired longer ago', async () => {
    const expired20sAgo = token({ iat: NOW - 620, exp: NOW - 20 })
    await expectRefused(await protectedApp(at(0)), expired20sAgo, 'no leeway')
    await expectRefused(await protectedApp(at(10)), expired20sAgo, 'leeway 10 s')
    await expectAccepted(await protectedApp(at(30)), expired20sAgo, 'rick')
  })

  it('accepts a token valid from less than leeway seconds ahead (nbf), and refuses one valid later', async () => {
    const valid20sAhead = token({ nbf: NOW + 20, exp: NOW + 600 })
    expect(() => at(0).verify(valid20sAhead)).toThrow(expect.objectContaining({ reason: 'not_yet_valid' }))
    expect(() => at(10).verify(valid20sAhead)).toThrow(expect.objectContaining({ reason: 'not_yet_valid' }))
    await expectAccepted(await protectedApp(at(30)), valid20sAhead, 'rick')
  })

  it('accepts a token issued less than leeway seconds ahead (iat), and refuses one issued later', () => {
    const issued20sAhead = token({ iat: NOW + 20, exp: NOW + 600 })
    expect(() => at(0).verify(issued20sAhead)).toThrow(expect.objectContaining({ reason: 'not_yet_valid' }))
    expect(() => at(10).verify(issued20sAhead)).toThrow(expect.objectContaining({ reason: 'not_yet_valid' }))
    expect(at(30).verify(issued20sAhead)).toMatchObject({ sub: 'rick' })
  })

  it('defaults to none, as PyJWT does', () => {
    expect(new JWT({ algorithms: ['HS256'], secret: SECRET }).options.leeway).toBe(0)
    expect(() => at(0).verify(token({ exp: NOW - 1 }))).toThrow(expect.objectContaining({ reason: 'expired' }))
  })
})
