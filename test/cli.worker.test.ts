import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi } from 'fastify-fastapi'
import { double, slow } from './fixtures/worker/jobs.js'
import { untilStatus } from './helpers/jobs.js'
import { REDIS_URL, testKeyPrefix } from './helpers/redis.js'

// `fastify-fastapi worker app.ts` for real: the command from the sources (bin/ with tsx, as
// test/cli.command.test.ts runs it) in a process of its own, on the real Redis. This test's
// process is the API: it enqueues (workers off), the worker process runs the jobs.
const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'fastify-fastapi.ts')
const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href
const entry = join('test', 'fixtures', 'worker', 'app.ts')

interface Worker {
  child: ChildProcess
  lines: string[]
  /** What it wrote on stderr (its lines are in `lines` too). */
  stderr: () => string
  /** Resolves with the first line (so far or to come) that matches. */
  line: (pattern: RegExp) => Promise<string>
  exit: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

function worker (args: string[], env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, bin, 'worker', ...args], {
    cwd: root, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const lines: string[] = []
  const waiting = new Set<{ pattern: RegExp, resolve: (line: string) => void }>()
  const exit = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  let buffered = ''
  let stderr = ''
  const read = (chunk: Buffer) => {
    buffered += chunk.toString()
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end)
      buffered = buffered.slice(end + 1)
      lines.push(line)
      for (const waiter of waiting) if (waiter.pattern.test(line)) { waiting.delete(waiter); waiter.resolve(line) }
    }
  }
  child.stdout?.on('data', read)
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    read(chunk)
  })
  const line = (pattern: RegExp) => new Promise<string>((resolve, reject) => {
    const found = lines.find((candidate) => pattern.test(candidate))
    if (found !== undefined) return resolve(found)
    waiting.add({ pattern, resolve })
    void exit.then(({ code }) => reject(new Error(`the worker exited (${String(code)}) before printing ${String(pattern)}:\n${lines.join('\n')}`)))
  })
  return { child, lines, stderr: () => stderr, line, exit }
}

// The API side: the same job types and queue, enqueueing only.
async function api (prefix: string): Promise<FastifyInstance> {
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapi, { jobs: { jobs: [double, slow], workers: false, routes: false, bullmq: { redis: REDIS_URL, prefix } } })
  return app
}

const messages = (lines: string[]) => lines.map((line) => (JSON.parse(line) as { msg: string }).msg)

describe('fastify-fastapi worker <entry>', () => {
  it('runs the jobs another process enqueues, serves no HTTP, and on SIGTERM finishes the running job, closes and exits 0', async () => {
    const prefix = testKeyPrefix()
    const running = worker([entry], { FFA_WORKER_REDIS_URL: REDIS_URL, FFA_WORKER_PREFIX: prefix })
    const ready = JSON.parse(await running.line(/Worker running/)) as { level: number, msg: string, pid: number }
    expect(ready).toMatchObject({ level: 30, msg: 'Worker running double, slow from BullMQ, 1 at a time; SIGTERM or Ctrl+C stops it once the running jobs have finished', pid: running.child.pid })
    // Nothing listens: the app's route is there, its server is not.
    expect(running.lines.some((line) => line.includes('Server listening'))).toBe(false)

    const app = await api(prefix)
    const { id } = await app.jobs.enqueue(double, { n: 21 })
    expect(await untilStatus(app, double, id, 'succeeded')).toMatchObject({ result: { doubled: 42, pid: running.child.pid } })

    const long = await app.jobs.enqueue(slow, { ms: 1500 })
    await untilStatus(app, slow, long.id, 'running')
    running.child.kill('SIGTERM')
    expect(await running.exit).toEqual({ code: 0, signal: null })
    // The running job finished before the process left.
    expect(await app.jobs.get(slow, long.id)).toMatchObject({ status: 'succeeded', result: { slept: 1500, pid: running.child.pid } })
    expect(messages(running.lines).slice(-2)).toEqual(['SIGTERM: stopping once the running jobs have finished', 'Worker stopped'])
  }, 60_000)

  it('stops on SIGINT (Ctrl+C) too, and writes plain lines for an app without a logger', async () => {
    const prefix = testKeyPrefix()
    const running = worker([entry, '--export', 'buildApp'], { FFA_WORKER_REDIS_URL: REDIS_URL, FFA_WORKER_PREFIX: prefix, FFA_WORKER_LOGGER: '0' })
    await running.line(/^Worker running double, slow from BullMQ/)
    running.child.kill('SIGINT')
    expect(await running.exit).toEqual({ code: 0, signal: null })
    expect(running.lines).toEqual([
      'Worker running double, slow from BullMQ, 1 at a time; SIGTERM or Ctrl+C stops it once the running jobs have finished',
      'SIGINT: stopping once the running jobs have finished',
      'Worker stopped',
    ])
  }, 60_000)

  it('exits at once with 1 on a second signal, without waiting for the running job', async () => {
    const prefix = testKeyPrefix()
    const running = worker([entry], { FFA_WORKER_REDIS_URL: REDIS_URL, FFA_WORKER_PREFIX: prefix, FFA_WORKER_LOGGER: '0' })
    await running.line(/^Worker running/)
    const app = await api(prefix)
    const long = await app.jobs.enqueue(slow, { ms: 20_000 })
    await untilStatus(app, slow, long.id, 'running')
    running.child.kill('SIGTERM')
    await running.line(/^SIGTERM: stopping/)
    running.child.kill('SIGTERM')
    expect(await running.exit).toEqual({ code: 1, signal: null })
    expect(running.lines.at(-1)).toBe('SIGTERM again: exiting without waiting for the running jobs')
    expect((await app.jobs.get(long.id))?.status).toBe('running')
  }, 60_000)

  it('lists the command and its --export option in its help', async () => {
    const help = worker(['--help'], {})
    expect(await help.exit).toEqual({ code: 0, signal: null })
    expect(help.stderr()).toBe('')
    expect(help.lines).toContain('  $ fastify-fastapi worker <entry>')
    expect(help.lines.join('\n')).toMatch(/--export <name> +The export of <entry> that builds the app \(default: its default export, else buildApp\)/)
  }, 30_000)

  it('exits 1 with the coded error on stderr, and nothing on stdout, when it cannot run', async () => {
    const missing = worker(['no-such-app.ts'], {})
    expect(await missing.exit).toEqual({ code: 1, signal: null })
    expect(missing.stderr()).toBe(missing.lines.map((line) => `${line}\n`).join(''))
    expect(missing.lines).toEqual([`FFA_ERR_CLI_ENTRY_MISSING: no-such-app.ts is not a file (looked for ${join(root, 'no-such-app.ts')}). Give the module that builds your app, such as 'fastify-fastapi worker app.ts'.`])
    const export_ = worker([entry, '--export', 'createApp'], {})
    expect(await export_.exit).toEqual({ code: 1, signal: null })
    expect(export_.lines).toEqual([expect.stringMatching(/^FFA_ERR_CLI_EXPORT_MISSING: test\/fixtures\/worker\/app\.ts has no export named 'createApp' \(its exports: buildApp\)/)])
    const usage = worker([], {})
    expect(await usage.exit).toEqual({ code: 1, signal: null })
    expect(usage.lines).toEqual(["missing required args for command `worker <entry>`. Run 'fastify-fastapi worker --help' to see its arguments and options."])
  }, 60_000)
})
