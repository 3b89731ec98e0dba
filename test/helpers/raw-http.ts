import net from 'node:net'
import type { FastifyInstance } from 'fastify'

/** A response as read off the socket: status, headers (lower-case names) and body text. */
export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** Whether the server closed the connection. */
  closed: boolean
}

/** Listens on a free loopback port; `inject` cannot send what these tests send. */
export async function listen (app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as net.AddressInfo).port
}

function parse (text: string, closed: boolean): RawResponse {
  const end = text.indexOf('\r\n\r\n')
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4), closed }
}

/**
 * Sends raw bytes on a new connection, each part `gapMs` after the last, and reads until the
 * server has answered one response (by its content-length) or closed, or `timeoutMs` passed.
 */
export function rawRequest (port: number, parts: Array<string | Buffer>, options: { gapMs?: number, timeoutMs?: number } = {}): Promise<RawResponse> {
  const { gapMs = 0, timeoutMs = 5000 } = options
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let settled = false
    const finish = (closed: boolean): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const text = received.toString('latin1')
      if (!text.includes('\r\n\r\n')) reject(new Error(`No response (closed: ${closed}): ${JSON.stringify(text)}`))
      else resolve(parse(text, closed))
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk])
      const text = received.toString('latin1')
      const end = text.indexOf('\r\n\r\n')
      const length = /\r\ncontent-length: *(\d+)/i.exec(text)
      if (end !== -1 && length !== null && received.length >= end + 4 + Number(length[1])) finish(false)
    })
    socket.on('close', () => finish(true))
    socket.on('error', () => finish(true))
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return
        socket.write(part)
        if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs))
      }
    })
  })
}
