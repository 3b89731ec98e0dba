import { createServer, connect, type Socket } from 'node:net'
import { onTestFinished } from 'vitest'

/**
 * A TCP proxy on loopback in front of a real service, which a test can cut (every connection
 * closed, new ones refused: the service is down) or freeze (connections stay open and nothing
 * passes: the service hangs). Closed when the test ends.
 */
export async function tcpProxy (targetPort: number): Promise<{ url: (scheme: string) => string, cut: () => Promise<void>, freeze: () => void }> {
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
  onTestFinished(async () => { if (server.listening) await cut(); else for (const socket of sockets) socket.destroy() })
  return { url: (scheme) => `${scheme}://127.0.0.1:${port}`, cut, freeze: () => { frozen = true } }
}
