import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from './helpers.js'

describe('errors raised before a route runs', () => {
  it('answers a malformed URL in the error format', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/items/%zz')
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: "'/items/%zz' is not a valid url component" })
  })

  it('answers a header too large for Node with 431 in the error format', async () => {
    const { app } = await buildTestApp()
    await app.listen({ port: 0, host: '127.0.0.1' })
    const socket = net.connect((app.server.address() as net.AddressInfo).port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => { received += chunk })
    const closed = new Promise((resolve) => socket.on('close', resolve))

    socket.write(`GET /items/ HTTP/1.1\r\nHost: shop.example\r\nCookie: ${'a'.repeat(64_000)}\r\n\r\n`)
    await closed
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large')
    expect(received.slice(received.indexOf('\r\n\r\n') + 4)).toBe('{"detail":"Request Header Fields Too Large"}')
  })
})
