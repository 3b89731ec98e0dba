// The floor: node:http and JSON.stringify, nothing else (hello only).
import { createServer } from 'node:http'
import type { Listenable } from './listenable.js'

export async function build (): Promise<Listenable> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/hello') {
      const body = JSON.stringify({ hello: 'world' })
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
      response.end(body)
      return
    }
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' })
    response.end('{"detail":"Not Found"}')
  })
  return { listen: ({ port, host }) => new Promise<void>((resolve) => { server.listen(port, host, resolve) }) }
}
