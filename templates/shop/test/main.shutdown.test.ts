import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it, onTestFinished } from 'vitest'
import { databaseForProcess } from './database.js'
import type { LogLine } from './helpers.js'

// The shop's own folder: main.ts runs from there in this repo and in a project made from it.
const project = join(import.meta.dirname, '..')

/**
 * Starts main.ts as `npm start` does, on a free port; resolves with its URL once it listens.
 * One Node process (tsx as a loader), so the signal reaches main.ts itself and not the tsx
 * CLI, which relays it to a child of its own.
 */
async function startShop () {
  // A database of its own (a schema of the test PostgreSQL, or a PGlite folder) and a data
  // folder of its own (PGlite's, when it is the engine, and the item images').
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-main-'))
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }))
  const database = await databaseForProcess()
  onTestFinished(() => database.drop())
  // `source` is the condition the fastify-fastapi repo resolves its own sources by; an
  // installed fastify-fastapi has none, so in a project it changes nothing.
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'main.ts'], {
    cwd: project,
    env: { ...process.env, SHOP_DATA_DIR: dataDir, ...database.value, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: LogLine[] = []
  // 'close', not 'exit': it comes once the child's output has been read to its end.
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve))
  // A test that fails half-way leaves no server behind.
  onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const listening = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as LogLine
      lines.push(line)
      const match = /^Shop API running on (\S+)/.exec(line.msg ?? '')
      if (match?.[1] !== undefined) resolve(match[1])
    })
    void exited.then((code) => reject(new Error(`the shop exited with ${String(code)} before listening`)))
  })
  return { child, lines, listening, exited }
}

describe('main.ts: graceful shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s, finishes the sign-up, sends its welcome email, closes and exits 0', async (signal) => {
    const shop = await startShop()
    const url = await shop.listening

    // fetch keeps its connection alive: the close must not wait for it.
    const res = await fetch(`${url}/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' }),
    })
    expect(res.status).toBe(201)
    shop.child.kill(signal)

    expect(await shop.exited).toBe(0)
    const messages = shop.lines.map((line) => line.msg)
    const shuttingDown = shop.lines.find((line) => line.msg === 'Shutting down')
    expect(shuttingDown).toMatchObject({ signal, graceDelayMs: 15000 })
    expect(messages).toContain('Welcome email sent to morty@example.com')
    // Logged once app.close() returned: by then the accepted task had run. (pino may write the
    // lines of a closing process out of order, so the counts prove it, not the line order.)
    const closed = shop.lines.find((line) => line.msg === 'Server closed')
    expect(closed, JSON.stringify(messages)).toMatchObject({ pending: 0, running: 0, failed: 0, completed: 1 })
  }, 60_000)
})
