import net from 'node:net'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi, fastapiServerOptions, type ServerLimits } from 'fastify-fastapi'
import { captureLogs } from '../helpers/app.js'
import { listen, rawRequest } from '../helpers/raw-http.js'

async function shop (limits: ServerLimits) {
  const logs = captureLogs()
  const app = Fastify({ ...fastapiServerOptions(limits), logger: { level: 'info', stream: logs.stream } })
  onTestFinished(() => app.close())
  await app.register(fastapi)
  app.api.get('/items/', () => [])
  app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ body }) => body)
  return { port: await listen(app), lines: logs.lines }
}

describe('Slow and idle connections, with fastapiServerOptions()', () => {
  it('cuts a body sent one byte at a time with 408 in the error format, logged once at info', async () => {
    const { port, lines } = await shop({ requestTimeout: 500, headersTimeout: 500 })
    const body = '{"name":"a slow client"}'
    const head = `POST /items/ HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`

    const started = performance.now()
    const res = await rawRequest(port, [head, ...body], { gapMs: 200, timeoutMs: 8000 })
    expect(res.status, res.body).toBe(408)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers.connection).toBe('close')
    expect(JSON.parse(res.body)).toEqual({ detail: 'Request Timeout' })
    // The limit, plus at most the one-second interval Node checks it at.
    expect(performance.now() - started).toBeLessThan(body.length * 200)

    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(lines.filter((line) => (line.level as number) >= 40)).toEqual([])
    expect(lines.filter((line) => line.code === 'ERR_HTTP_REQUEST_TIMEOUT' || line.code === 'ECONNRESET')).toEqual([
      expect.objectContaining({ level: 30, msg: 'A request took longer than the server allows and was cut with 408 (requestTimeout, headersTimeout)' }),
    ])
  })

  it('cuts a head that never ends with 408 too', async () => {
    const { port } = await shop({ requestTimeout: 500, headersTimeout: 300 })

    const res = await rawRequest(port, ['GET /items/ HTTP/1.1\r\n', 'Host: shop.example\r\n', 'X-Slow: 1\r\n', 'X-Slow: 2\r\n', 'X-Slow: 3\r\n', 'X-Slow: 4\r\n', 'X-Slow: 5\r\n', 'X-Slow: 6\r\n', 'X-Slow: 7\r\n', 'X-Slow: 8\r\n', 'X-Slow: 9\r\n'], { gapMs: 300, timeoutMs: 8000 })
    expect(res.status, res.body).toBe(408)
    expect(JSON.parse(res.body)).toEqual({ detail: 'Request Timeout' })
  })

  it('closes an idle keep-alive connection after keepAliveTimeout', async () => {
    const { port } = await shop({ keepAliveTimeout: 300 })
    const socket = net.connect(port, '127.0.0.1')
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())))
    let received = ''
    socket.on('data', (chunk) => { received += chunk })
    await new Promise((resolve) => socket.once('connect', resolve))

    socket.write('GET /items/ HTTP/1.1\r\nHost: shop.example\r\n\r\n')
    await expect.poll(() => received).toContain('\r\n\r\n[]')
    const answered = performance.now()
    expect(await closed - answered).toBeLessThan(2000)
  })
})
