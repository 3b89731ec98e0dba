import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp, captureLogs } from './helpers/app.js'

type LogLine = Record<string, unknown>

/** The request id Fastify gave the request to `url`, read from its "incoming request" line. */
function reqIdOf (lines: LogLine[], url: string): unknown {
  return lines.find((line) => line.msg === 'incoming request' && (line.req as { url?: string } | undefined)?.url === url)?.reqId
}

const errorLines = (lines: LogLine[]): LogLine[] => lines.filter((line) => line.level === 50)

/** Each error line as [reqId, msg]. */
const errorMessages = (lines: LogLine[]): unknown[][] => errorLines(lines).map((line) => [line.reqId, line.msg])

describe('server errors', () => {
  it('answers an unhandled error with 500 {"detail":"Internal Server Error"} and no trace of the error', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.api.get('/boom', () => { throw new Error('password=hunter2 at db.connect') })

    const res = await app.inject('/boom')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(res.body).not.toContain('hunter2')
    expect(res.body).not.toContain('stack')
  })

  it('logs the error at level 50 with the request id and the error message', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.api.get('/boom', () => { throw new Error('database is down') })

    const res = await app.inject('/boom')
    expect(res.statusCode, res.body).toBe(500)
    const reqId = reqIdOf(logs.lines, '/boom')
    expect(reqId).toBeDefined()
    const errors = errorLines(logs.lines)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({
      level: 50,
      reqId,
      msg: 'database is down',
      err: { type: 'Error', message: 'database is down' },
    })
    expect((errors[0]?.err as { stack?: string }).stack).toContain('database is down')
  })

  it('answers an error thrown by a plain Fastify route or a hook the same way', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.get('/plain', async () => { throw new TypeError('cannot read x of undefined') })
    app.register(async (child) => {
      child.addHook('preHandler', async () => { throw new Error('hook failed') })
      child.get('/hooked', async () => 'never')
    })

    const plain = await app.inject('/plain')
    expect(plain.statusCode, plain.body).toBe(500)
    expect(plain.json()).toEqual({ detail: 'Internal Server Error' })

    const hooked = await app.inject('/hooked')
    expect(hooked.statusCode, hooked.body).toBe(500)
    expect(hooked.json()).toEqual({ detail: 'Internal Server Error' })

    expect(errorMessages(logs.lines)).toEqual([
      [reqIdOf(logs.lines, '/plain'), 'cannot read x of undefined'],
      [reqIdOf(logs.lines, '/hooked'), 'hook failed'],
    ])
  })

  it('answers a thrown value that is not an Error (a string, a number, null) with the same 500, logged', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    // eslint-disable-next-line no-throw-literal
    app.api.get('/string', () => { throw 'oops' })
    // eslint-disable-next-line no-throw-literal
    app.api.get('/number', () => { throw 42 })
    // eslint-disable-next-line no-throw-literal
    app.api.get('/null', () => { throw null })

    for (const url of ['/string', '/number', '/null']) {
      const res = await app.inject(url)
      expect(res.statusCode, res.body).toBe(500)
      expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    }
    expect(errorMessages(logs.lines)).toEqual([
      [reqIdOf(logs.lines, '/string'), "A non-Error value was thrown: 'oops'"],
      [reqIdOf(logs.lines, '/number'), 'A non-Error value was thrown: 42'],
      [reqIdOf(logs.lines, '/null'), 'A non-Error value was thrown: null'],
    ])
  })

  it('answers a return value that does not fit the response model with 500, logging the ResponseValidationError', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    const UserOut = z.object({ username: z.string(), email: z.email() })
    app.api.get('/users/me', { response: UserOut }, () => ({ username: 42, email: 'not-an-email', password: 'hunter2' }) as never)

    const res = await app.inject('/users/me')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    for (const leak of ['username', 'email', 'password', 'hunter2', 'response']) expect(res.body).not.toContain(leak)

    const errors = errorLines(logs.lines)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ level: 50, reqId: reqIdOf(logs.lines, '/users/me'), err: { type: 'ResponseValidationError' } })
    expect(errors[0]?.msg).toContain('GET /users/me')
    expect(errors[0]?.msg).toContain('response.username: Input should be a valid string')
    // Each item without its input: the value a handler returned may hold secrets (hunter2).
    expect((errors[0]?.err as { errors?: unknown }).errors).toEqual([
      { type: 'string_type', loc: ['response', 'username'], msg: 'Input should be a valid string' },
      {
        type: 'value_error',
        loc: ['response', 'email'],
        msg: 'value is not a valid email address: An email address must have an @-sign.',
        ctx: { reason: 'An email address must have an @-sign.' },
      },
    ])
    expect(JSON.stringify(logs.lines)).not.toContain('hunter2')
  })

  it('does not log a client error at level 50', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)

    const res = await app.inject('/items/foo')
    expect(res.statusCode, res.body).toBe(422)
    expect(errorLines(logs.lines)).toEqual([])
  })
})

