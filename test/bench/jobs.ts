// `npm run bench:jobs` (needs Redis at REDIS_URL, 127.0.0.1:6379 by default): issue 21's two
// figures, in one run.
// 1. Enqueue-to-completion of BENCH_JOBS_COUNT no-op jobs: BullMQ through the library
//    (`app.jobs.enqueue`, a worker of the jobs plugin) against BullMQ by hand (Queue.add with
//    the same job options, and a Worker) on the same Redis with the same concurrency, with the in-process backend's figure
//    beside them. Rounds alternate the order; the ratio is taken within a round.
// 2. Requests per second of a route that answers 202 with a job id (`deps.jobs.accept`)
//    against a bare Fastify route that calls `queue.add` by hand and answers 202 with a
//    Location, each server in its own process (pinned as the other benches), through the
//    harness's autocannon comparison.
//   BENCH_JOBS_COUNT (10000), BENCH_JOBS_CONCURRENCY (10), BENCH_JOBS_ROUNDS (3),
//   BENCH_JOBS_SECONDS (10), BENCH_JOBS_ROUTE_ROUNDS (3), BENCH_JOBS_WARMUP (3)
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Queue, Worker } from 'bullmq'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { defineJob, Jobs, jobAccepted } from 'fastify-fastapi/jobs'
import { compare, median, ratioSpread } from './measure.js'
import { LOAD_CORE, SERVER_CORE, pinned } from './pinning.js'
import { machine, markdownTable, nodeVersions } from './report.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const COUNT = Number(process.env.BENCH_JOBS_COUNT ?? 10_000)
const CONCURRENCY = Number(process.env.BENCH_JOBS_CONCURRENCY ?? 10)
const ROUNDS = Number(process.env.BENCH_JOBS_ROUNDS ?? 3)
const SECONDS = Number(process.env.BENCH_JOBS_SECONDS ?? 10)
const ROUTE_ROUNDS = Number(process.env.BENCH_JOBS_ROUTE_ROUNDS ?? 3)
const WARMUP = Number(process.env.BENCH_JOBS_WARMUP ?? 3)
// Enqueues in flight at once, for every side alike.
const BATCH = 100

type Side = 'library on BullMQ' | 'BullMQ by hand' | 'library in process'
const SIDES: Side[] = ['library on BullMQ', 'BullMQ by hand', 'library in process']

// Every key this run wrote, under its own prefixes.
async function dropPrefix (redis: Redis, prefix: string): Promise<void> {
  for (let cursor = '0'; ;) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    if (keys.length > 0) await redis.del(...keys)
    if (next === '0') return
    cursor = next
  }
}

async function inBatches (count: number, add: (n: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => add(start + offset)))
  }
}

// What the library gives each job, by hand: an id to read it by (the status route), its attempts
// and backoff, and how long a finished or failed job stays readable (the jobs plugin's defaults).
const BY_HAND_JOB_OPTIONS = () => ({
  jobId: randomUUID(),
  attempts: 1,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 86_400, count: 10_000 },
})

// Jobs per second, from the first enqueue to the last completion.
async function throughput (side: Side, redis: Redis): Promise<number> {
  const prefix = `bench:jobs:${randomUUID()}`
  let done = 0
  let allDone!: () => void
  const finished = new Promise<void>((resolve) => { allDone = resolve })
  const tick = () => { if (++done === COUNT) allDone() }
  try {
    if (side === 'BullMQ by hand') {
      // BullMQ leaves a connection it was given open: closed here, or the process never exits.
      const queueConnection = redis.duplicate()
      const workerConnection = redis.duplicate({ maxRetriesPerRequest: null })
      const queue = new Queue('jobs', { connection: queueConnection, prefix })
      const worker = new Worker('jobs', async () => { tick() }, { connection: workerConnection, prefix, concurrency: CONCURRENCY, removeOnComplete: { age: 3600, count: 10_000 } })
      await worker.waitUntilReady()
      const started = performance.now()
      await inBatches(COUNT, (n) => queue.add('noop', { n }, BY_HAND_JOB_OPTIONS()))
      await finished
      const seconds = (performance.now() - started) / 1000
      await worker.close()
      await queue.close()
      queueConnection.disconnect()
      workerConnection.disconnect()
      return COUNT / seconds
    }
    const noop = defineJob({ name: 'noop', payload: z.object({ n: z.number() }) }, () => { tick() })
    const app = Fastify()
    await app.register(fastapi, { docs: false, jobs: { jobs: [noop], routes: false, workers: { concurrency: CONCURRENCY }, ...(side === 'library on BullMQ' ? { bullmq: { redis: REDIS_URL, prefix } } : {}) } })
    await app.ready()
    const started = performance.now()
    await inBatches(COUNT, (n) => app.jobs.enqueue(noop, { n }))
    await finished
    const seconds = (performance.now() - started) / 1000
    await app.close()
    return COUNT / seconds
  } finally {
    await dropPrefix(redis, prefix)
  }
}

// The 202 servers: `library` through the jobs plugin, `by-hand` a bare Fastify route over BullMQ's Queue.
async function serve (mode: 'library' | 'by-hand', prefix: string): Promise<void> {
  const app = Fastify()
  const Body = z.object({ since: z.string() })
  if (mode === 'library') {
    const exportOrders = defineJob({ name: 'export-orders', payload: Body }, () => null)
    await app.register(fastapi, { docs: false, jobs: { jobs: [exportOrders], workers: false, bullmq: { redis: REDIS_URL, prefix } } })
    app.api.post('/exports', { ...jobAccepted, body: Body, deps: { jobs: Jobs } }, ({ body, deps }) => deps.jobs.accept(exportOrders, body))
  } else {
    const queue = new Queue('jobs', { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false }), prefix })
    app.addHook('onClose', () => queue.close())
    app.post('/exports', { schema: { body: { type: 'object', properties: { since: { type: 'string' } }, required: ['since'] } } }, async (request, reply) => {
      const options = BY_HAND_JOB_OPTIONS()
      await queue.add('export-orders', request.body, options)
      const id = options.jobId
      return reply.code(202).header('location', `/jobs/${id}`).send({ id, status: 'queued', location: `/jobs/${id}` })
    })
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  process.stdout.write(`${(app.server.address() as { port: number }).port}\n`)
}

function start (mode: 'library' | 'by-hand', prefix: string): Promise<{ child: ChildProcess, port: number }> {
  const [command, args] = pinned(SERVER_CORE, process.execPath, ['--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url), 'serve', mode, prefix])
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited (${String(code)})`)))
    child.stdout?.once('data', (chunk: Buffer) => resolve({ child, port: Number(chunk.toString().trim()) }))
  })
}

async function main (): Promise<void> {
  const redis = new Redis(REDIS_URL)
  const lines = [`# Jobs benchmark (${new Date().toISOString().slice(0, 10)})`, '', `${machine()}; load on core ${LOAD_CORE}.`, nodeVersions(), '']
  try {
    // 1. Enqueue to completion.
    const rates = new Map<Side, number[]>(SIDES.map((side) => [side, []]))
    const ratios: number[] = []
    await throughput('library on BullMQ', redis) // warm-up: JIT, scripts loaded into Redis
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? SIDES : [...SIDES].reverse()
      const rate = new Map<Side, number>()
      for (const side of order) rate.set(side, await throughput(side, redis))
      for (const side of SIDES) rates.get(side)?.push(rate.get(side) as number)
      ratios.push((rate.get('library on BullMQ') as number) / (rate.get('BullMQ by hand') as number))
      process.stderr.write('.')
    }
    process.stderr.write('\n')
    lines.push(`## Enqueue to completion: ${COUNT} no-op jobs, worker concurrency ${CONCURRENCY}, ${ROUNDS} rounds`, '')
    lines.push(...markdownTable(['side', 'median jobs/s'], SIDES.map((side) => [side, median(rates.get(side) as number[]).toFixed(0)])))
    lines.push('', `Ratio library / by hand on BullMQ (median of per-round ratios): ${median(ratios).toFixed(2)} (issue 21 asks >= 0.9)`, '')

    // 2. The 202 route.
    const prefix = `bench:jobs:${randomUUID()}`
    const servers = [{ app: 'library', ...await start('library', prefix) }, { app: 'by-hand', ...await start('by-hand', prefix) }]
    try {
      const samples = compare(servers.map(({ app, port }) => ({ app, port })), { method: 'POST', path: '/exports', body: { since: '2026-01-01' } },
        { seconds: SECONDS, rounds: ROUTE_ROUNDS, maxRounds: 15, precision: 0.05, focus: 'library', warmupSeconds: WARMUP, baselines: ['by-hand'], expect2xx: true })
      lines.push(`## POST answering 202 with a job id: rounds of ${SECONDS} s, at least ${ROUTE_ROUNDS}, more (up to 15) while the ratio's 95% interval is wider than ±0.05`, '')
      lines.push(...markdownTable(['server', 'median req/s', 'ratio to by hand', 'problems'], servers.map(({ app }) => {
        const sample = samples.get(app)
        return [app === 'library' ? '`deps.jobs.accept` (library)' : 'bare Fastify + queue.add', median(sample?.rps ?? []).toFixed(0),
          app === 'library' ? ratioSpread(sample?.ratios.get('by-hand') ?? []) : '1.00', sample?.problems.join('; ') || 'none']
      })))
      lines.push('', 'Issue 21 asks >= 0.95 for the 202 route.')
    } finally {
      for (const { child } of servers) child.kill()
      await dropPrefix(redis, prefix)
    }
    process.stdout.write(`${lines.join('\n')}\n`)
  } finally {
    await redis.quit()
  }
}

if (process.argv[2] === 'serve') await serve(process.argv[3] as 'library' | 'by-hand', process.argv[4] as string)
else await main()
