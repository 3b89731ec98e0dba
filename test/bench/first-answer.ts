// `npm run bench:start`: how long a user waits for the shop's first answer, from the command to
// a 200 on `GET /`, three ways: `npm start` as the README says (npm, tsx compiling the shop and
// the library's sources), the same without npm (`node --import tsx`), and with the library built
// first (`dist/`, what an installed package runs). Each on a new data directory (PGlite created,
// migrated and seeded) and again on the same one.
//   BENCH_START_RUNS (3): runs of each; the median is reported.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './measure.js'
import { machine, markdownTable } from './report.js'

const RUNS = Number(process.env.BENCH_START_RUNS ?? 3)
const root = fileURLToPath(new URL('../..', import.meta.url))

async function freePort (): Promise<number> {
  return await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => { resolve(port) })
    })
  })
}

// Starts the command and polls `GET /` every 5 ms; the milliseconds to the first 200.
async function firstAnswer (command: string, args: readonly string[], dataDir: string): Promise<number> {
  const port = await freePort()
  const start = performance.now()
  const child = spawn(command, args, { cwd: root, env: { ...process.env, PORT: String(port), SHOP_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: 'ignore', detached: true })
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}`)
      if (performance.now() - start > 60_000) throw new Error(`${command} ${args.join(' ')}: no answer in 60 s`)
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`)
        if (response.status === 200) return performance.now() - start
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  } finally {
    // npm starts tsx, which starts node: the whole group goes.
    process.kill(-(child.pid as number), 'SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

// The library built once (`npm run build`, as the published package is): the shop's own
// files are still compiled by tsx, the library's are JavaScript already.
const buildStart = performance.now()
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
const buildMs = performance.now() - buildStart

const WAYS: ReadonlyArray<{ name: string, command: string, args: readonly string[] }> = [
  { name: '`npm start` (npm, tsx, the library\'s sources)', command: 'npm', args: ['start', '--silent'] },
  { name: '`node --import tsx`, the library\'s sources (no npm)', command: process.execPath, args: ['--conditions=source', '--import', 'tsx', 'templates/shop/main.ts'] },
  { name: '`node --import tsx`, the library built (`dist/`, as installed from the registry)', command: process.execPath, args: ['--import', 'tsx', 'templates/shop/main.ts'] },
]

const rows: string[][] = []
try {
  for (const way of WAYS) {
    const fresh: number[] = []
    const again: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'ffa-start-data-'))
      try {
        fresh.push(await firstAnswer(way.command, way.args, dataDir))
        again.push(await firstAnswer(way.command, way.args, dataDir))
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
      process.stderr.write('.')
    }
    rows.push([way.name, median(fresh).toFixed(0), median(again).toFixed(0)])
  }
} finally {
  process.stderr.write('\n')
}
process.stdout.write([
  `# The shop's first answer (${new Date().toISOString().slice(0, 10)})`, '', `${machine()}.`, '',
  `From the command to the first 200 on \`GET /\`, median of ${RUNS} runs, ms; \`npm run build\` took ${buildMs.toFixed(0)} ms.`, '',
  ...markdownTable(['how', 'new data directory (create, migrate, seed)', 'same directory again'], rows), '',
].join('\n'))
