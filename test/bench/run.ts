// `npm run bench`: each app in its own process pinned to core 0, driven by autocannon pinned
// to core 1, endpoint by endpoint, apps alternating, each measurement repeated; prints the
// medians and the ratio to bare Fastify with hand-written JSON Schema, and writes the table
// to test/bench/results/. Set BENCH_SECONDS and BENCH_ROUNDS to change the run's length.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

interface Endpoint { name: string, method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>, sameBody: boolean }
// Each group compares its apps on its endpoints, as ratios to its baseline app.
interface Group { name: string, apps: readonly string[], baseline: string, endpoints: Endpoint[] }
const GROUPS: Group[] = [
  {
    name: 'routes',
    apps: ['fastapi', 'type-provider-zod', 'json-schema'],
    baseline: 'json-schema',
    endpoints: [
      { name: 'hello', method: 'GET', path: '/hello', sameBody: true },
      { name: 'path + query', method: 'GET', path: '/items/5?q=foo&skip=1&limit=20', sameBody: true },
      { name: 'body + response model', method: 'POST', path: '/items/', body: { name: 'hammer', price: 9.5, tags: ['tools'] }, sameBody: true },
      { name: 'invalid path (422)', method: 'GET', path: '/items/abc', sameBody: false },
    ],
  },
  {
    name: 'dependencies',
    apps: ['fastapi-depends', 'prehandler'],
    baseline: 'prehandler',
    endpoints: [
      { name: '2-level chain + Bearer header', method: 'GET', path: '/users/me', headers: { authorization: 'Bearer rick' }, sameBody: true },
    ],
  },
]
const ONLY = process.env.BENCH_GROUP

const here = fileURLToPath(new URL('.', import.meta.url))
const hasTaskset = (() => { try { execFileSync('taskset', ['-V'], { stdio: 'ignore' }); return true } catch { return false } })()
const pinned = (core: number, command: string, args: string[]): [string, string[]] =>
  hasTaskset ? ['taskset', ['-c', String(core), command, ...args]] : [command, args]

async function startServer (app: string, port: number): Promise<ChildProcess> {
  const [command, args] = pinned(0, process.execPath, ['--conditions=source', '--import', 'tsx', `${here}server.ts`, app, String(port)])
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => { if (chunk.toString().includes('ready')) resolve() })
    child.on('exit', (code) => reject(new Error(`${app} exited with ${code}`)))
  })
  return child
}

async function request (port: number, endpoint: Endpoint): Promise<{ status: number, body: unknown }> {
  const headers: Record<string, string> = { ...endpoint.headers }
  if (endpoint.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`http://127.0.0.1:${port}${endpoint.path}`, {
    method: endpoint.method,
    headers,
    ...(endpoint.body === undefined ? {} : { body: JSON.stringify(endpoint.body) }),
  })
  return { status: res.status, body: await res.json() }
}

function autocannon (port: number, endpoint: Endpoint, seconds: number): { requests: number, p99: number } {
  const args = [fileURLToPath(import.meta.resolve('autocannon/autocannon.js')), '--json', '-c', '50', '-d', String(seconds), '-m', endpoint.method]
  for (const [name, value] of Object.entries(endpoint.headers ?? {})) args.push('-H', `${name}=${value}`)
  if (endpoint.body !== undefined) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(endpoint.body))
  args.push(`http://127.0.0.1:${port}${endpoint.path}`)
  const [command, commandArgs] = pinned(1, process.execPath, args)
  const result = JSON.parse(execFileSync(command, commandArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as
    { requests: { average: number }, latency: { p99: number }, non2xx: number, errors: number }
  return { requests: result.requests.average, p99: result.latency.p99 }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

async function measureGroup (group: Group, firstPort: number): Promise<string[]> {
  const servers = new Map<string, { port: number, child: ChildProcess }>()
  let port = firstPort
  try {
    for (const app of group.apps) servers.set(app, { port, child: await startServer(app, port++) })
    const portOf = (app: string): number => (servers.get(app) as { port: number }).port

    // Every app must answer each request the same way before it is measured.
    for (const endpoint of group.endpoints) {
      const answers = await Promise.all(group.apps.map(async (app) => [app, await request(portOf(app), endpoint)] as const))
      const expected = answers.find(([app]) => app === group.baseline)?.[1]
      for (const [app, answer] of answers) {
        const same = endpoint.sameBody ? isDeepStrictEqual(answer, expected) : answer.status >= 400 && answer.status < 500
        if (!same) throw new Error(`${app} answers ${endpoint.name} differently: ${JSON.stringify(answer)} vs ${JSON.stringify(expected)}`)
      }
    }

    const samples = new Map<string, { rps: number[], p99: number[], ratio: number[] }>()
    const sampleOf = (endpoint: Endpoint, app: string) => samples.get(`${endpoint.name}\u0000${app}`) as { rps: number[], p99: number[], ratio: number[] }
    for (const endpoint of group.endpoints) {
      for (const app of group.apps) autocannon(portOf(app), endpoint, 1) // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate the order each round: the machine drifts, and no app should always go first.
        const order = round % 2 === 0 ? group.apps : [...group.apps].reverse()
        const measured = new Map<string, { requests: number, p99: number }>()
        for (const app of order) measured.set(app, autocannon(portOf(app), endpoint, SECONDS))
        const baseline = (measured.get(group.baseline) as { requests: number }).requests
        for (const [app, result] of measured) {
          const key = `${endpoint.name}\u0000${app}`
          const entry = samples.get(key) ?? { rps: [], p99: [], ratio: [] }
          entry.rps.push(result.requests)
          entry.p99.push(result.p99)
          entry.ratio.push(result.requests / baseline)
          samples.set(key, entry)
        }
        process.stderr.write('.')
      }
    }
    process.stderr.write('\n')

    const others = group.apps.filter((app) => app !== group.baseline)
    const lines = [
      `| ${group.name} | ${group.apps.map((app) => `${app} req/s (p99 ms)`).join(' | ')} | ${others.map((app) => `${app} / ${group.baseline}`).join(' | ')} |`,
      `|${'---|'.repeat(1 + group.apps.length + others.length)}`,
    ]
    for (const endpoint of group.endpoints) {
      const cells = group.apps.map((app) => { const sample = sampleOf(endpoint, app); return `${Math.round(median(sample.rps))} (${median(sample.p99)})` })
      const ratios = others.map((app) => median(sampleOf(endpoint, app).ratio).toFixed(2))
      lines.push(`| ${endpoint.name} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`)
    }
    return lines
  } finally {
    for (const { child } of servers.values()) child.kill()
  }
}

const tables: string[] = []
let nextPort = 3100
for (const group of GROUPS) {
  if (ONLY !== undefined && ONLY !== group.name) continue
  tables.push(...await measureGroup(group, nextPort), '')
  nextPort += 10
}

const versionOf = (name: string): string => (JSON.parse(readFileSync(`${here}../../node_modules/${name}/package.json`, 'utf8')) as { version: string }).version
const date = new Date().toISOString().slice(0, 10)
const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, Node ${process.version}, ${hasTaskset ? 'server on core 0, load on core 1' : 'no taskset: unpinned'}`
const report = [
  `# Benchmark ${date}`, '',
  `${machine}; fastify ${versionOf('fastify')}, zod ${versionOf('zod')}, fastify-type-provider-zod ${versionOf('fastify-type-provider-zod')}; autocannon -c 50, ${SECONDS}s x ${ROUNDS} rounds, medians (ratios are medians of per-round ratios).`,
  '', ...tables,
].join('\n')
mkdirSync(`${here}results`, { recursive: true })
writeFileSync(`${here}results/${date}${ONLY === undefined ? '' : `-${ONLY}`}.md`, report)
process.stdout.write(report)
