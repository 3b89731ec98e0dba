import net from 'node:net'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { captureLogs } from '../helpers/app.js'
import { listen } from '../helpers/raw-http.js'

describe('A client that aborts in the middle of its body', () => {
  it('is logged once, at info, as an aborted request: no 500, nothing at error level', async () => {
    const logs = captureLogs()
    const app = Fastify({ logger: { level: 'info', stream: logs.stream } })
    onTestFinished(() => app.close())
    await app.register(fastapi)
    let handled = false
    app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ body }) => {
      handled = true
      return body
    })
    const port = await listen(app)

    const socket = net.connect(port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write('POST /items/ HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":')
    await new Promise((resolve) => setTimeout(resolve, 100))
    socket.destroy()
    await expect.poll(() => logs.lines.filter((line) => line.msg !== 'incoming request' && line.msg !== 'Server listening at http://127.0.0.1:' + port)).toEqual([
      expect.objectContaining({ level: 30, code: 'ECONNRESET', msg: 'The client closed the connection before sending the whole request' }),
    ])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(logs.lines.filter((line) => (line.level as number) >= 40)).toEqual([])
    expect(logs.lines.filter((line) => String(line.msg).includes('closed the connection'))).toHaveLength(1)
    expect(handled).toBe(false)
  })
})
