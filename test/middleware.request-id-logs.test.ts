import { setTimeout as sleep } from 'node:timers/promises'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi, fastapiServerOptions, type FastAPIOptions } from 'fastify-fastapi'
import { captureLogs } from './helpers/app.js'

async function loggedApp (options: { accessLog?: boolean, preset?: FastAPIOptions } = {}) {
  const { lines, stream } = captureLogs()
  // A real pino logger (Fastify's), writing JSON lines to a stream.
  const app = Fastify(fastapiServerOptions({ logger: { level: 'info', stream }, accessLog: options.accessLog ?? false }))
  onTestFinished(() => app.close())
  await app.register(fastapi, { requestId: {}, ...options.preset })
  app.api.get('/items/{name}', { params: z.object({ name: z.string() }) }, async ({ request }) => {
    request.log.info({ step: 'start' }, 'looking the item up')
    await sleep(10)
    request.log.info({ step: 'end' }, 'found it')
    return { ok: true }
  })
  app.api.get('/bug', () => { throw new Error('database is on fire') })
  return { app, lines }
}

function linesOf (lines: Array<Record<string, unknown>>, id: string) {
  return lines.filter((line) => line.reqId === id)
}

describe('request ids in the logs', () => {
  it('puts the id on every line of a request, even with requests interleaved', async () => {
    const { app, lines } = await loggedApp()
    const url = await app.listen({ port: 0, host: '127.0.0.1' })

    const [first, second] = await Promise.all([fetch(`${url}/items/a`), fetch(`${url}/items/b`)])
    const ids = [first.headers.get('x-request-id') as string, second.headers.get('x-request-id') as string]
    await app.close()

    // Every line but the server's own is one of the two requests'.
    expect(lines.filter((line) => line.reqId === undefined).map((line) => line.msg)).toEqual([expect.stringMatching(/^Server listening at/)])
    for (const line of lines.filter((line) => line.reqId !== undefined)) expect(ids).toContain(line.reqId)
    for (const id of ids) {
      expect(linesOf(lines, id).map((line) => line.msg)).toEqual(['incoming request', 'looking the item up', 'found it', expect.stringMatching(/^"GET \/items\/[ab]" 200$/), 'request completed'])
    }
  })

  it('writes one access line per request: method, path without the query, status and duration', async () => {
    const { app, lines } = await loggedApp()

    const res = await app.inject('/items/hammer?token=secret')
    const id = res.headers['x-request-id'] as string
    const access = linesOf(lines, id).filter((line) => line.path !== undefined)
    expect(access).toEqual([expect.objectContaining({
      level: 30, reqId: id, method: 'GET', path: '/items/hammer', status: 200, durationMs: expect.any(Number), msg: '"GET /items/hammer" 200',
    })])
    expect(access[0]?.durationMs as number).toBeGreaterThanOrEqual(5)
    expect(JSON.stringify(linesOf(lines, id).filter((line) => line.path !== undefined))).not.toContain('secret')
  })

  it('puts the id on the error line of a failing request, and its access line says 500', async () => {
    const { app, lines } = await loggedApp()

    const res = await app.inject('/bug')
    const id = res.headers['x-request-id'] as string
    const own = linesOf(lines, id)
    expect(own.find((line) => line.level === 50)).toMatchObject({ reqId: id, msg: 'database is on fire' })
    expect(own.find((line) => line.path !== undefined)).toMatchObject({ status: 500 })
  })

  it('with fastapiServerOptions({ accessLog: true }), leaves the access line alone in place of Fastify\'s pair', async () => {
    const { app, lines } = await loggedApp({ accessLog: true })

    const res = await app.inject('/items/hammer')
    const id = res.headers['x-request-id'] as string
    expect(linesOf(lines, id).map((line) => line.msg)).toEqual(['looking the item up', 'found it', '"GET /items/hammer" 200'])
    expect(lines.some((line) => line.msg === 'incoming request' || line.msg === 'request completed')).toBe(false)
  })

  it('writes no access line with accessLog: false', async () => {
    const { app, lines } = await loggedApp({ accessLog: true, preset: { requestId: { accessLog: false } } })

    const res = await app.inject('/items/hammer')
    expect(res.statusCode).toBe(200)
    expect(linesOf(lines, res.headers['x-request-id'] as string).map((line) => line.msg)).toEqual(['looking the item up', 'found it'])
  })
})
