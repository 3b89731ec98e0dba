import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi, HTTPException } from 'fastify-fastapi'
import { captureLogs } from '../helpers/app.js'

async function appWithLogs () {
  const logs = captureLogs()
  const app = Fastify({ logger: { level: 'info', stream: logs.stream } })
  onTestFinished(() => app.close())
  await app.register(fastapi)
  return { app, lines: logs.lines }
}

const refusedLines = (lines: Array<Record<string, unknown>>) =>
  lines.filter((line) => typeof line.msg === 'string' && line.msg.includes('was not sent')).map(({ level, header, msg }) => ({ level, header, msg }))

describe('Headers Node refuses, given to HTTPException or an error', () => {
  it.each([
    ['a CR LF (response splitting)', 'Bearer\r\nSet-Cookie: session=stolen'],
    ['a NUL', 'Bearer\u0000'],
    ['a character outside Latin-1', 'Bearer realm="☃"'],
  ])('answers in the error format without the header whose value has %s, and logs its name', async (_, value) => {
    const { app, lines } = await appWithLogs()
    app.api.get('/me', () => {
      throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': value, 'X-Request-Hint': 'sign in' })
    })

    const res = await app.inject('/me')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
    expect(res.headers['www-authenticate']).toBeUndefined()
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.headers['x-request-hint']).toBe('sign in')
    expect(refusedLines(lines)).toEqual([{
      level: 50,
      header: 'WWW-Authenticate',
      msg: 'The error response\'s header "WWW-Authenticate" was not sent: Node refuses its name or value (CR, LF, NUL, or a character outside Latin-1)',
    }])
    expect(JSON.stringify(lines)).not.toContain('stolen')
  })

  it('drops a header whose name Node refuses', async () => {
    const { app, lines } = await appWithLogs()
    app.api.get('/me', () => {
      throw new HTTPException(403, 'Forbidden', { 'X Bad Name': 'x' })
    })

    const res = await app.inject('/me')
    expect(res.statusCode, res.body).toBe(403)
    expect(res.json()).toEqual({ detail: 'Forbidden' })
    expect(refusedLines(lines).map((line) => line.header)).toEqual(['X Bad Name'])
  })

  it("drops a refused header of an error's own headers (http-errors' expose)", async () => {
    const { app, lines } = await appWithLogs()
    app.api.get('/slow-down', () => {
      throw Object.assign(new Error('Too Many Requests'), { statusCode: 429, expose: true, headers: { 'retry-after': '1\n2' } })
    })

    const res = await app.inject('/slow-down')
    expect(res.statusCode, res.body).toBe(429)
    expect(res.json()).toEqual({ detail: 'Too Many Requests' })
    expect(res.headers['retry-after']).toBeUndefined()
    expect(refusedLines(lines).map((line) => line.header)).toEqual(['retry-after'])
  })
})
