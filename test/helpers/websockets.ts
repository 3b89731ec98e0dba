import type { FastifyInstance } from 'fastify'
import { onTestFinished } from 'vitest'
import WebSocket, { type ClientOptions } from 'ws'

/** Listens on a free loopback port; the app closes when the test ends. Returns the `ws://` base URL. */
export async function listen (app: FastifyInstance): Promise<string> {
  onTestFinished(() => app.close())
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return address.replace(/^http/, 'ws')
}

/** A client socket with its messages queued as they come, and its close. */
export interface Client {
  socket: WebSocket
  /** The next message, parsed as JSON. */
  next (): Promise<unknown>
  closed: Promise<{ code: number, reason: string }>
  sendJson (value: unknown): void
}

export async function connect (url: string, options: ClientOptions = {}, protocols?: string | string[]): Promise<Client> {
  const socket = new WebSocket(url, protocols, options)
  const queue: unknown[] = []
  const waiters: Array<(value: unknown) => void> = []
  socket.on('message', (data) => {
    const value = JSON.parse(data.toString()) as unknown
    const waiter = waiters.shift()
    if (waiter === undefined) queue.push(value)
    else waiter(value)
  })
  const closed = new Promise<{ code: number, reason: string }>((resolve) => {
    socket.on('close', (code, reason) => { resolve({ code, reason: reason.toString() }) })
  })
  socket.on('error', () => undefined)
  onTestFinished(() => { socket.terminate() })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => { resolve() })
    socket.once('unexpected-response', (_request, response) => { reject(new Error(`refused with ${response.statusCode}`)) })
    socket.once('error', reject)
  })
  return {
    socket,
    next: () => queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => { waiters.push(resolve) }),
    closed,
    sendJson: (value) => { socket.send(JSON.stringify(value)) },
  }
}

/** An upgrade the server refuses: its HTTP status, headers and JSON body. */
export async function refusal (url: string, options: ClientOptions = {}): Promise<{ status: number, headers: Record<string, unknown>, body: unknown }> {
  const socket = new WebSocket(url, options)
  socket.on('error', () => undefined)
  return await new Promise((resolve, reject) => {
    socket.once('open', () => { socket.terminate(); reject(new Error('the upgrade was accepted')) })
    socket.once('unexpected-response', (_request, response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { text += chunk })
      response.on('end', () => {
        socket.terminate()
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) })
      })
    })
  })
}
