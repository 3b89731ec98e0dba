import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { expect, it, onTestFinished } from 'vitest'

// `npm start` runs main.ts: it listens on PORT and logs pino's JSON lines, one object a line,
// ready for a log collector. (`npm run dev` pipes the same lines through pino-pretty.)
it('serves on PORT and logs each line as JSON', async () => {
  // One Node process with tsx as a loader, as `tsx main.ts` runs it. `source` is the condition
  // the fastify-fastapi repo resolves its own TypeScript sources by; an installed
  // fastify-fastapi has no such condition, so there it changes nothing.
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const lines: Array<Record<string, unknown>> = []
  const listening = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>
      lines.push(line)
      const url = /^Server listening at (http:\S+)/.exec(String(line.msg))?.[1]
      if (url !== undefined) resolve(url)
    })
    child.once('exit', (code) => reject(new Error(`main.ts exited with ${String(code)} before listening`)))
  })
  const url = await listening

  const res = await fetch(`${url}/`)
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual({ message: 'Hello World' })
  await expect.poll(() => lines.some((line) => line.msg === 'request completed')).toBe(true)
  for (const line of lines) expect(line).toMatchObject({ level: expect.any(Number), pid: child.pid, time: expect.any(Number), msg: expect.any(String) })
}, 30_000)
