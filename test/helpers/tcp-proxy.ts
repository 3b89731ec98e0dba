import { createServer, connect, type Socket } from 'node:net'
import { onTestFinished } from 'vitest'

/** A proxy in front of a service; see `tcpProxy`. */
export interface TcpProxy {
  url: (scheme: string) => string
  /** Every connection closed, new ones refused: the service is down (restarted, crashed). */
  cut: () => Promise<void>
  /** Connections stay open and nothing passes: the service hangs. */
  freeze: () => void
  /** The service is back on the same port, with none of the old connections. */
  restore: () => Promise<void>
}

/**
 * A TCP proxy on loopback in front of a real service, which a test can cut, freeze and
 * restore, as a restart of that service looks to its clients, without touching the service
 * other tests share. Closed when the test ends.
 */
export async function tcpProxy (targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let frozen = false
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => undefined)
    }
    client.on('data', (chunk) => { if (!frozen) upstream.write(chunk) })
    upstream.on('data', (chunk) => { if (!frozen) client.write(chunk) })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const cut = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
  }
  const restore = async (): Promise<void> => {
    frozen = false
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  }
  onTestFinished(async () => { if (server.listening) await cut(); else for (const socket of sockets) socket.destroy() })
  return { url: (scheme) => `${scheme}://127.0.0.1:${port}`, cut, freeze: () => { frozen = true }, restore }
}
