import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Queue } from 'bullmq'
import { describe, expect, it, onTestFinished } from 'vitest'
import { REDIS_URL, testKeyPrefix } from '../helpers/redis.js'

// SIGTERM in the middle of load, as a deploy or an autoscaler sends it: the requests in
// flight finish with their answers, new ones are refused cleanly (no hang, no reset after a
// request was taken), and what was accepted is not lost: every background task runs and every
// job is in the queue.

const root = join(import.meta.dirname, '../..')

describe('SIGTERM under load', () => {
  it('finishes the requests in flight, refuses new ones, and loses no background task or job', async () => {
    const prefix = testKeyPrefix()
    const folder = mkdtempSync(join(tmpdir(), 'ffa-sigterm-'))
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
    const receipts = join(folder, 'receipts.txt')
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(root, 'test/fixtures/reliability/sigterm-server.ts'), REDIS_URL, prefix, receipts], {
      cwd: root, stdio: ['ignore', 'pipe', 'inherit'],
    })
    onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
    const lines: string[] = []
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line)
        if (line.startsWith('listening ')) resolve(line.slice('listening '.length))
      })
      void exited.then((code) => reject(new Error(`the server exited with ${String(code)} before listening`)))
    })

    const inFlight = Array.from({ length: 20 }, (_, index) => fetch(`${url}/orders/${index}`, { method: 'POST' }).then((res) => res.status))
    // Every one of them taken by a handler, then the signal.
    await expect.poll(() => lines.filter((line) => line.startsWith('started ')).length, { timeout: 10_000 }).toBe(20)
    const signalled = performance.now()
    child.kill('SIGTERM')
    await expect.poll(() => lines).toContain('closing')
    // A new request once the server is closing: refused, at once, not left hanging.
    const started = performance.now()
    const late = await fetch(`${url}/orders/99`, { method: 'POST', signal: AbortSignal.timeout(5000) }).then((res) => res.status, (error: Error) => error.cause instanceof Error ? (error.cause as { code?: string }).code : error.name)
    expect(performance.now() - started).toBeLessThan(2000)
    expect([503, 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']).toContain(late)

    expect(await Promise.all(inFlight)).toEqual(Array(20).fill(202))
    expect(await exited).toBe(0)
    // Closed once the work accepted was done, not after some long timeout.
    expect(performance.now() - signalled).toBeLessThan(5000)
    expect(lines).toContain('closed')
    // Every accepted order's background task ran before the exit, and its job is in Redis.
    expect(readFileSync(receipts, 'utf8').trim().split('\n').map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index))
    const queue = new Queue('jobs', { connection: { url: REDIS_URL }, prefix })
    onTestFinished(() => queue.close())
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 20 })
    // The bound that matters is from the signal on (above); the child's start (tsx compiling the
    // library) takes seconds more on a busy two-core machine, hence the test's own timeout.
  }, 60_000)
})
