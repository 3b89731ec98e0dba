// `npm run bench:ws`: issue 23's figure. Messages per second of an echo of validated JSON
// messages through the library (`app.api.websocket` with `incoming` and `outgoing` zod
// schemas, `for await` over the socket, `socket.send`) against the same echo on
// @fastify/websocket by hand (`JSON.parse`, `JSON.stringify`, no validation), each server in
// its own process on the server core, the clients here on the load core. Each of
// BENCH_WS_CONNECTIONS clients sends one message, waits for its echo, sends the next.
// Rounds alternate the order; the ratio is taken within a round. Issue 23 asks >= 0.9.
//   BENCH_WS_SECONDS (10), BENCH_WS_ROUNDS (3), BENCH_WS_CONNECTIONS (50), BENCH_WS_WARMUP (2)
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import fastifyWebsocket from '@fastify/websocket'
import Fastify from 'fastify'
import WebSocket from 'ws'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { halfWidth95, median, ratioSpread } from './measure.js'
import { SERVER_CORE, pinned } from './pinning.js'
import { machine, markdownTable, nodeVersions } from './report.js'

const SECONDS = Number(process.env.BENCH_WS_SECONDS ?? 10)
const ROUNDS = Number(process.env.BENCH_WS_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_WS_CONNECTIONS ?? 50)
const WARMUP = Number(process.env.BENCH_WS_WARMUP ?? 2)

type Mode = 'library' | 'by-hand'
const MODES: Mode[] = ['library', 'by-hand']

const ChatMessage = z.object({ type: z.literal('chat'), room: z.string().max(100), text: z.string().max(1000), n: z.number().int() })
const MESSAGE = { type: 'chat', room: 'lobby', text: 'Hello, how is everyone doing today?', n: 0 }

async function serve (mode: Mode): Promise<void> {
  const app = Fastify()
  if (mode === 'library') {
    await app.register(fastapi, { docs: false, websockets: {} })
    app.api.websocket('/echo', { incoming: ChatMessage, outgoing: ChatMessage }, async ({ socket }) => {
      for await (const message of socket) socket.send(message)
    })
  } else {
    await app.register(fastifyWebsocket)
    app.get('/echo', { websocket: true }, (socket) => {
      socket.on('message', (data) => { socket.send(JSON.stringify(JSON.parse(data.toString()))) })
    })
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  process.stdout.write(`${(app.server.address() as { port: number }).port}\n`)
}

function start (mode: Mode): Promise<{ child: ChildProcess, port: number }> {
  const [command, args] = pinned(SERVER_CORE, process.execPath, ['--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url), 'serve', mode])
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited (${String(code)})`)))
    child.stdout?.once('data', (chunk: Buffer) => resolve({ child, port: Number(chunk.toString().trim()) }))
  })
}

// Echoed messages per second over `seconds`, CONNECTIONS clients each one message in flight.
async function measure (port: number, seconds: number): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/echo`)
    socket.once('open', () => { resolve(socket) })
    socket.once('error', reject)
  })))
  let count = 0
  let running = true
  for (const socket of sockets) {
    let n = 0
    socket.on('message', () => {
      count++
      if (running) socket.send(JSON.stringify({ ...MESSAGE, n: ++n }))
    })
    socket.send(JSON.stringify(MESSAGE))
  }
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  running = false
  const rate = count / seconds
  for (const socket of sockets) socket.terminate()
  return rate
}

async function main (): Promise<void> {
  const servers = new Map<Mode, { child: ChildProcess, port: number }>()
  for (const mode of MODES) servers.set(mode, await start(mode))
  const rates = new Map<Mode, number[]>(MODES.map((mode) => [mode, []]))
  const ratios: number[] = []
  try {
    for (const mode of MODES) await measure((servers.get(mode) as { port: number }).port, WARMUP)
    // At least ROUNDS rounds, more (up to 15) while the ratio's 95% interval is wider than ±0.05.
    for (let round = 0; round < ROUNDS || (round < 15 && halfWidth95(ratios) > 0.05); round++) {
      const rate = new Map<Mode, number>()
      for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) rate.set(mode, await measure((servers.get(mode) as { port: number }).port, SECONDS))
      for (const mode of MODES) rates.get(mode)?.push(rate.get(mode) as number)
      ratios.push((rate.get('library') as number) / (rate.get('by-hand') as number))
      process.stderr.write('.')
    }
  } finally {
    for (const { child } of servers.values()) child.kill()
  }
  process.stderr.write('\n')
  const lines = [`# WebSockets benchmark (${new Date().toISOString().slice(0, 10)})`, '', `${machine()}.`, nodeVersions(), '',
    `## Echo of validated JSON messages: ${CONNECTIONS} connections, ${ratios.length} rounds of ${SECONDS} s`, '',
    ...markdownTable(['server', 'median messages/s'], [
      ['`app.api.websocket` with zod `incoming`/`outgoing` (library)', median(rates.get('library') as number[]).toFixed(0)],
      ['@fastify/websocket by hand, `JSON.parse` (no validation)', median(rates.get('by-hand') as number[]).toFixed(0)],
    ]),
    '', `Ratio library / by hand (median of per-round ratios [lowest-highest, 95% interval, rounds]): ${ratioSpread(ratios)} (issue 23 asks >= 0.9)`]
  process.stdout.write(`${lines.join('\n')}\n`)
}

if (process.argv[2] === 'serve') await serve(process.argv[3] as Mode)
else await main()
