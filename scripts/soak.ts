// `npm run soak [-- --minutes 10 --concurrency 16 --database URL --redis URL]`: the shop
// (templates/shop/main.ts, as `npm start` runs it, with its database and Redis) under steady
// mixed load for a set time. Every 10 s it samples the shop's memory and event-loop delay and
// the window's throughput and p99 latency; at the end it prints the table, the slopes and the
// heap after a full GC at the start and at the end. Not part of `npm test`.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    interval: { type: 'string', default: '10' },
    database: { type: 'string' },
    redis: { type: 'string' },
  },
})
const minutes = Number(values.minutes)
const concurrency = Number(values.concurrency)
const intervalMs = Number(values.interval) * 1000
if (!(minutes > 0) || !(concurrency >= 1) || !(intervalMs >= 1000)) {
  console.error('soak: --minutes must be > 0, --concurrency >= 1, --interval (seconds) >= 1')
  process.exit(2)
}

const root = join(import.meta.dirname, '..')
const shopDir = join(root, 'templates/shop')
const children: ChildProcess[] = []
const cleanups: Array<() => void> = []
const stop = () => { for (const child of children) child.kill('SIGKILL'); for (const cleanup of cleanups) cleanup() }
process.on('exit', stop)
process.on('SIGINT', () => process.exit(130))

async function freePort (): Promise<number> {
  return await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

// A private redis-server unless --redis names one: the shop's own key names then meet nobody's.
async function privateRedis (): Promise<string> {
  const port = await freePort()
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(server)
  await new Promise<void>((resolve, reject) => {
    server.stdout?.on('data', (chunk: Buffer) => { if (chunk.toString().includes('Ready to accept connections')) resolve() })
    server.once('error', reject)
  })
  return `redis://127.0.0.1:${port}`
}

const redisUrl = values.redis ?? await privateRedis()
const dataDir = mkdtempSync(join(tmpdir(), 'shop-soak-'))
cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
const databaseEnv = values.database === undefined ? {} : { DATABASE_URL: values.database }

const shop = spawn(process.execPath, ['--expose-gc', '--conditions=source', '--import', 'tsx', '--import', join(root, 'scripts/soak-probe.ts'), 'main.ts'], {
  cwd: shopDir,
  env: { ...process.env, ...databaseEnv, SHOP_DATA_DIR: dataDir, SHOP_REDIS_URL: redisUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
})
children.push(shop)
// main.ts logs its address at info; at warn it logs nothing, so the port is read from the probe instead.
const base = await new Promise<string>((resolve, reject) => {
  let lines = ''
  createInterface({ input: shop.stdout as NodeJS.ReadableStream }).on('line', (line) => { lines += `${line}\n` })
  shop.once('exit', (code) => reject(new Error(`the shop exited with ${String(code)}:\n${lines}`)))
  const poll = setInterval(() => shop.send({ type: 'address' }), 200)
  shop.on('message', (message: { type?: string, url?: string }) => {
    if (message.type === 'address' && typeof message.url === 'string') { clearInterval(poll); resolve(message.url) }
  })
})

interface Sample { type: 'sample', afterGc: boolean, rss: number, heapUsed: number, external: number, eventLoopP99Ms: number, eventLoopMaxMs: number }
const ask = (type: 'sample' | 'gc-sample') => new Promise<Sample>((resolve) => {
  const listener = (message: Sample) => {
    if (message.type !== 'sample') return
    shop.off('message', listener)
    resolve(message)
  }
  shop.on('message', listener)
  shop.send({ type })
})

// One login for the load: a login hashes with scrypt, which is its own benchmark.
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const login = await fetch(`${base}/token`, { method: 'POST', headers: FORM, body: new URLSearchParams({ username: 'johndoe', password: 'correct horse' }) })
if (login.status !== 200) throw new Error(`soak: login failed with ${login.status}: ${await login.text()}`)
const { access_token: token } = await login.json() as { access_token: string }
const auth = { authorization: `Bearer ${token}` }
// Stock enough for the whole run (johndoe is staff), so that orders are placed rather than refused 409.
const itemIds = (await (await fetch(`${base}/items/?limit=100`)).json() as Array<{ id: number }>).map((item) => item.id)
for (const item of itemIds) {
  const res = await fetch(`${base}/items/${item}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ stock: 10_000_000 }) })
  if (res.status !== 200) throw new Error(`soak: restocking item ${item} failed with ${res.status}: ${await res.text()}`)
}

// The mix: reads of the catalogue (most), the user's own data, orders placed with an
// Idempotency-Key (a third of them retried), errors of every kind (404, 422, 401).
type Call = () => Promise<Response>
const calls: Array<[number, Call]> = [
  [30, () => fetch(`${base}/items/?limit=20`)],
  [15, () => fetch(`${base}/items/${1 + Math.floor(Math.random() * 5)}`)],
  [10, () => fetch(`${base}/v2/items/?limit=5`)],
  [10, () => fetch(`${base}/users/me`, { headers: auth })],
  [10, () => fetch(`${base}/orders/?limit=10`, { headers: auth })],
  [10, (() => {
    let lastKey = randomUUID()
    return () => {
      if (Math.random() > 0.33) lastKey = randomUUID()
      return fetch(`${base}/orders/`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': lastKey }, body: JSON.stringify({ lines: [{ item_id: itemIds[Math.floor(Math.random() * itemIds.length)], quantity: 1 }] }) })
    }
  })()],
  [5, () => fetch(`${base}/items/999999`)],
  [5, () => fetch(`${base}/orders/`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"lines": "nope"}' })],
  [5, () => fetch(`${base}/users/me`, { headers: { authorization: 'Bearer forged' } })],
]
const total = calls.reduce((sum, [weight]) => sum + weight, 0)
function pick (): Call {
  let roll = Math.random() * total
  for (const [weight, call] of calls) { roll -= weight; if (roll < 0) return call }
  return (calls[0] as [number, Call])[1]
}

let latencies: number[] = []
let statuses: Record<string, number> = {}
let failures = 0
const deadline = Date.now() + minutes * 60_000
async function worker (): Promise<void> {
  while (Date.now() < deadline) {
    const started = performance.now()
    try {
      const res = await pick()()
      await res.arrayBuffer()
      statuses[res.status] = (statuses[res.status] ?? 0) + 1
    } catch {
      failures++
    }
    latencies.push(performance.now() - started)
  }
}

function p99 (values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] as number
}

// The least-squares slope of y over x.
function slope (xs: number[], ys: number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let index = 0; index < n; index++) { num += ((xs[index] as number) - mx) * ((ys[index] as number) - my); den += ((xs[index] as number) - mx) ** 2 }
  return den === 0 ? 0 : num / den
}

const MB = 1024 * 1024
const heapAtStart = await ask('gc-sample')
console.log(`soak: ${minutes} min, ${concurrency} clients, on ${values.database ?? 'PGlite (memory)'} and Redis ${redisUrl}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 1024 ** 3)} GB; ${new Date().toISOString()}`)
console.log(`heap after GC at the start: ${(heapAtStart.heapUsed / MB).toFixed(1)} MB, rss ${(heapAtStart.rss / MB).toFixed(1)} MB`)
console.log('   t (s) | req/s | p99 ms | rss MB | heap MB | loop p99 ms | loop max ms | statuses')
const rows: Array<{ t: number, rate: number, p99: number, rss: number, heap: number, loopP99: number }> = []
const startedAt = Date.now()
const load = Promise.all(Array.from({ length: concurrency }, worker))
let windowStart = Date.now()
while (Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))))
  const sample = await ask('sample')
  const now = Date.now()
  const row = { t: (now - startedAt) / 1000, rate: latencies.length / ((now - windowStart) / 1000), p99: p99(latencies), rss: sample.rss / MB, heap: sample.heapUsed / MB, loopP99: sample.eventLoopP99Ms }
  rows.push(row)
  console.log(`${row.t.toFixed(0).padStart(8)} | ${row.rate.toFixed(0).padStart(5)} | ${row.p99.toFixed(1).padStart(6)} | ${row.rss.toFixed(1).padStart(6)} | ${row.heap.toFixed(1).padStart(7)} | ${row.loopP99.toFixed(1).padStart(11)} | ${sample.eventLoopMaxMs.toFixed(1).padStart(11)} | ${JSON.stringify(statuses)}`)
  latencies = []
  statuses = {}
  windowStart = now
}
await load
// The load is over: what is left on the heap after a full GC is what the run kept.
await new Promise((resolve) => setTimeout(resolve, 2000))
const heapAtEnd = await ask('gc-sample')
const ts = rows.map((row) => row.t / 60)
console.log(`heap after GC at the end: ${(heapAtEnd.heapUsed / MB).toFixed(1)} MB (start ${(heapAtStart.heapUsed / MB).toFixed(1)} MB, ${((heapAtEnd.heapUsed - heapAtStart.heapUsed) / MB).toFixed(1)} MB more), rss ${(heapAtEnd.rss / MB).toFixed(1)} MB`)
console.log(`slopes per minute: heap ${slope(ts, rows.map((row) => row.heap)).toFixed(2)} MB, rss ${slope(ts, rows.map((row) => row.rss)).toFixed(2)} MB, p99 ${slope(ts, rows.map((row) => row.p99)).toFixed(2)} ms, loop p99 ${slope(ts, rows.map((row) => row.loopP99)).toFixed(2)} ms`)
console.log(`p99 latency: first window ${rows[0]?.p99.toFixed(1) ?? '-'} ms, last ${rows.at(-1)?.p99.toFixed(1) ?? '-'} ms; ${failures} requests failed to connect or read`)
shop.kill('SIGTERM')
await new Promise((resolve) => shop.once('exit', resolve))
process.exit(0)
