// Starts the apps, each in its own process pinned to the server core, and waits until each
// accepts connections.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { BenchApp } from './apps/catalog.js'
import { pinned, SERVER_CORE } from './pinning.js'

const here = fileURLToPath(new URL('.', import.meta.url))

export interface RunningServer { app: string, port: number, child: ChildProcess }

function spawnApp (app: BenchApp, port: number, python: string | undefined): ChildProcess {
  if (app.runtime === 'python') {
    if (python === undefined) throw new Error(`${app.name} needs Python with FastAPI`)
    const [command, args] = pinned(SERVER_CORE, python, [
      '-m', 'uvicorn', 'fastapi_python:app', '--app-dir', `${here}apps`, '--host', '127.0.0.1', '--port', String(port),
      '--loop', 'uvloop', '--http', 'httptools', '--no-access-log', '--workers', '1', '--log-level', 'warning',
    ])
    return spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] })
  }
  const [command, args] = pinned(SERVER_CORE, process.execPath, ['--conditions=source', '--import', 'tsx', `${here}server.ts`, app.name, String(port)])
  return spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] })
}

// Any HTTP answer (even a 404) means the server listens; uvicorn prints nothing at
// --log-level warning, so polling is the one way that works for every runtime.
async function waitUntilListening (child: ChildProcess, name: string, port: number): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening`)
    try { await fetch(`http://127.0.0.1:${port}/`); return } catch { await new Promise((resolve) => setTimeout(resolve, 100)) }
  }
  throw new Error(`${name} did not listen on port ${port} within 60 s`)
}

export async function startServers (apps: readonly BenchApp[], firstPort: number, python?: string): Promise<RunningServer[]> {
  const servers: RunningServer[] = []
  try {
    for (const [index, app] of apps.entries()) {
      const port = firstPort + index
      const child = spawnApp(app, port, python)
      servers.push({ app: app.name, port, child })
      await waitUntilListening(child, app.name, port)
    }
    return servers
  } catch (error) {
    stopServers(servers)
    throw error
  }
}

export function stopServers (servers: readonly RunningServer[]): void {
  for (const { child } of servers) child.kill()
}
