// `npm run bench:upload`: a 50 MB file upload through the library (a `File()` form field, an
// UploadFile spooled to a temp file) against the same upload with @fastify/multipart by hand
// on bare Fastify (request.file(), streamed to a temp file, the size answered), in one run.
// Each server runs in its own process, so each one's peak RSS is its own; uploads alternate
// between them. Reports MB/s (median), the throughput ratio, and the peak RSS growth of each
// server over its RSS after a warm-up upload.
//   BENCH_UPLOAD_MB (50), BENCH_UPLOAD_ROUNDS (10)
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { stat, unlink } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'

const MB = 1024 * 1024
const SIZE = Number(process.env.BENCH_UPLOAD_MB ?? 50) * MB
const ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 10)
const LIMIT = SIZE + MB
const BOUNDARY = '----fastify-fastapi-bench'

type Mode = 'library' | 'by-hand'

async function serve (mode: Mode): Promise<void> {
  const { default: Fastify } = await import('fastify')
  const app = Fastify()
  if (mode === 'library') {
    const { fastapi, File } = await import('fastify-fastapi')
    const { z } = await import('zod')
    await app.register(fastapi, { docs: false })
    app.api.post('/upload', { form: z.object({ file: File({ maxSize: LIMIT }) }) }, ({ form }) => ({ size: form.file.size }))
  } else {
    const { default: multipart } = await import('@fastify/multipart')
    await app.register(multipart, { limits: { fileSize: LIMIT } })
    app.post('/upload', async (req) => {
      const data = await req.file()
      if (data === undefined) throw new Error('no file')
      const target = path.join(tmpdir(), randomBytes(16).toString('hex'))
      try {
        await pipeline(data.file, createWriteStream(target, { mode: 0o600 }))
        return { size: (await stat(target)).size }
      } finally {
        await unlink(target)
      }
    })
  }
  // Peak RSS of this process (the kernel's high-water mark), and RSS now.
  app.get('/rss', () => ({ max: process.resourceUsage().maxRSS * 1024, now: process.memoryUsage.rss() }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  process.stdout.write(`${(app.server.address() as { port: number }).port}\n`)
}

function start (mode: Mode): Promise<{ child: ChildProcess, port: number }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url), 'serve', mode], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.stdout?.once('data', (chunk: Buffer) => resolve({ child, port: Number(chunk.toString().trim()) }))
  })
}

const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`)
const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
const chunk = randomBytes(MB)

// Streams the body from one 1 MiB chunk: the client holds no 50 MB buffer.
function upload (port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/upload', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': head.length + SIZE + tail.length } }, (res) => {
      let text = ''
      res.on('data', (data: Buffer) => { text += data.toString() })
      res.on('end', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9
        if (res.statusCode !== 200 || (JSON.parse(text) as { size: number }).size !== SIZE) reject(new Error(`${res.statusCode} ${text}`))
        else resolve(SIZE / MB / seconds)
      })
    })
    req.on('error', reject)
    void (async () => {
      const write = (data: Buffer): Promise<void> => new Promise((done) => { if (req.write(data)) done(); else req.once('drain', done) })
      await write(head)
      for (let sent = 0; sent < SIZE; sent += MB) await write(sent + MB <= SIZE ? chunk : chunk.subarray(0, SIZE - sent))
      req.end(tail)
    })()
  })
}

async function rss (port: number): Promise<{ max: number, now: number }> {
  return await (await fetch(`http://127.0.0.1:${port}/rss`)).json() as { max: number, now: number }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

async function main (): Promise<void> {
  const modes: Mode[] = ['library', 'by-hand']
  const servers = new Map<Mode, { child: ChildProcess, port: number }>()
  try {
    for (const mode of modes) servers.set(mode, await start(mode))
    const base = new Map<Mode, number>()
    for (const mode of modes) {
      const { port } = servers.get(mode) as { port: number }
      await upload(port) // warm-up
      base.set(mode, (await rss(port)).now)
    }
    const speeds = new Map<Mode, number[]>(modes.map((mode) => [mode, []]))
    const ratios: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? modes : [...modes].reverse()
      const speed = new Map<Mode, number>()
      for (const mode of order) speed.set(mode, await upload((servers.get(mode) as { port: number }).port))
      for (const mode of modes) speeds.get(mode)?.push(speed.get(mode) as number)
      ratios.push((speed.get('library') as number) / (speed.get('by-hand') as number))
      process.stderr.write('.')
    }
    process.stderr.write('\n')
    const lines = [`# Upload benchmark: ${SIZE / MB} MB, ${ROUNDS} rounds, alternating`, '', '| server | median MB/s | peak RSS growth |', '|---|---|---|']
    for (const mode of modes) {
      const { max } = await rss((servers.get(mode) as { port: number }).port)
      lines.push(`| ${mode === 'library' ? 'fastify-fastapi File()' : '@fastify/multipart by hand'} | ${median(speeds.get(mode) as number[]).toFixed(0)} | ${((max - (base.get(mode) as number)) / MB).toFixed(1)} MB |`)
    }
    lines.push('', `Throughput ratio (library / by hand), median of per-round ratios: ${median(ratios).toFixed(2)}`)
    process.stdout.write(`${lines.join('\n')}\n`)
  } finally {
    for (const { child } of servers.values()) child.kill()
  }
}

if (process.argv[2] === 'serve') await serve(process.argv[3] as Mode)
else await main()
