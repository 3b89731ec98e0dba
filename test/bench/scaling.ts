// `npm run bench:scaling` (also run by `npm run bench` after the main table): how this
// library scales, side by side with bare Fastify doing the same by hand.
//   1. registration time and memory for 100, 1,000, 5,000 routes with a dependency chain and
//      a query param, each size in a fresh child process (scaling/register-routes.ts), from
//      the sources pinned, then 1,000 from the built package by plain Node, unpinned;
//   2. req/s against dependency depth 1, 2, 4, 8;
//   3. req/s against response size 1, 100, 1,000 items through a response model.
// Prints the tables and appends them to BENCH_RESULTS (set by run.ts) or today's results file.
// BENCH_SECONDS, BENCH_ROUNDS and BENCH_WARMUP work as in run.ts.
import { execFileSync } from 'node:child_process'
import { appendFileSync, existsSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { build } from 'esbuild'
import type { BenchApp } from './apps/catalog.js'
import { fetchAnswer } from './check.js'
import { autocannonSettings, compare, median, type Load } from './measure.js'
import { pinned, SERVER_CORE } from './pinning.js'
import { machine, markdownTable, nodeVersions, resultsPath, today } from './report.js'
import { DEPTHS, RESPONSE_SIZES, ROUTE_COUNTS } from './scaling/shapes.js'
import { startServers, stopServers } from './servers.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2)
const BASELINE = 'scaling-json-schema'
const OURS = 'scaling-fastapi'
const MB = 1024 * 1024

const registerScript = fileURLToPath(new URL('./scaling/register-routes.ts', import.meta.url))

interface Registration { ms: number, heapUsed: number, rss: number, docsMs: number | null }

// From the library's sources (tsx compiles them, pinned to the server's core), or from the
// built package (`dist/`, what an installed package runs), unpinned, by plain Node.
function register (app: 'fastapi' | 'json-schema', routes: number, built?: string, modelsFirst = false): Registration {
  const script = [app, String(routes), ...(modelsFirst ? ['models-first'] : [])]
  const [command, args] = built === undefined
    ? pinned(SERVER_CORE, process.execPath, ['--expose-gc', '--conditions=source', '--import', 'tsx', registerScript, ...script])
    : [process.execPath, ['--expose-gc', built, ...script]]
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Registration
}

// The registration script as plain JavaScript, its own TypeScript imports bundled in and every
// package left to Node: run without tsx, whose loader would otherwise sit in front of every
// module the app loads while the clock runs. `fastify-fastapi` resolves to `dist/` from there.
async function bundledRegisterScript (): Promise<string> {
  const outfile = fileURLToPath(new URL('./.built/register-routes.mjs', import.meta.url))
  await build({ entryPoints: [registerScript], outfile, bundle: true, packages: 'external', platform: 'node', format: 'esm', logLevel: 'warning' })
  return outfile
}

const BUILT_ROUTES = 1_000
const BUILT_RUNS = 5

// The figure: 1,000 routes from the built package, unpinned, the median of five runs each.
async function builtTable (): Promise<string[]> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' })
  const built = await bundledRegisterScript()
  const ours: Registration[] = []
  const oursModelsFirst: Registration[] = []
  const theirs: Registration[] = []
  for (let run = 0; run < BUILT_RUNS; run++) {
    process.stderr.write(`built ${BUILT_ROUTES} (${run + 1}/${BUILT_RUNS}) `)
    ours.push(register('fastapi', BUILT_ROUTES, built))
    oursModelsFirst.push(register('fastapi', BUILT_ROUTES, built, true))
    theirs.push(register('json-schema', BUILT_ROUTES, built))
    process.stderr.write('\n')
  }
  const ms = (runs: Registration[]): string => `${Math.round(median(runs.map((run) => run.ms)))} [${Math.round(Math.min(...runs.map((run) => run.ms)))}-${Math.round(Math.max(...runs.map((run) => run.ms)))}]`
  const heap = (runs: Registration[]): string => (median(runs.map((run) => run.heapUsed)) / BUILT_ROUTES / 1024).toFixed(1)
  return markdownTable(['routes', 'fastapi ms, models made in the span', 'fastapi ms, models made first', 'json-schema ms', 'fastapi first /openapi.json ms', 'fastapi heap KB per route (models in / first)', 'json-schema heap KB per route'], [[
    BUILT_ROUTES.toLocaleString('en'), ms(ours), ms(oursModelsFirst), ms(theirs),
    `${Math.round(median(ours.map((run) => run.docsMs ?? 0)))}`,
    `${heap(ours)} / ${heap(oursModelsFirst)}`, heap(theirs),
  ]])
}

function registrationTable (): string[] {
  const rows = ROUTE_COUNTS.map((routes) => {
    process.stderr.write(`register ${routes} `)
    const ours = register('fastapi', routes)
    const theirs = register('json-schema', routes)
    process.stderr.write('\n')
    return [
      routes.toLocaleString('en'),
      `${Math.round(ours.ms)}`, `${Math.round(theirs.ms)}`,
      `${(ours.heapUsed / MB).toFixed(1)} / ${(ours.rss / MB).toFixed(1)}`,
      `${(theirs.heapUsed / MB).toFixed(1)} / ${(theirs.rss / MB).toFixed(1)}`,
      `${(ours.heapUsed / routes / 1024).toFixed(1)}`,
      `${(theirs.heapUsed / routes / 1024).toFixed(1)}`,
      `${Math.round(ours.docsMs ?? 0)}`,
    ]
  })
  return markdownTable(['routes', 'fastapi ms', 'json-schema ms', 'fastapi heap / RSS MB', 'json-schema heap / RSS MB', 'fastapi heap KB per route', 'json-schema heap KB per route', 'fastapi first /openapi.json ms'], rows)
}

async function throughputTable (title: string, versusFirst: string, loads: ReadonlyArray<{ label: string, load: Load }>): Promise<string[]> {
  const apps: BenchApp[] = [OURS, BASELINE].map((name) => ({ name, runtime: 'node', endpoints: [] }))
  const servers = await startServers(apps, 3200)
  const rows: string[][] = []
  let first: number | undefined
  try {
    for (const { label, load } of loads) {
      const [ours, theirs] = await Promise.all(servers.map(({ port }) => fetchAnswer(port, load)))
      if (ours?.status !== 200 || !isDeepStrictEqual(ours, theirs)) throw new Error(`${label}: ${JSON.stringify(ours).slice(0, 300)} vs ${JSON.stringify(theirs).slice(0, 300)}`)
      process.stderr.write(`${title} ${label} `)
      const samples = compare(servers, load, { seconds: SECONDS, rounds: ROUNDS, warmupSeconds: WARMUP, baselines: [BASELINE], expect2xx: true })
      process.stderr.write('\n')
      const cellOf = (app: string): string => {
        const sample = samples.get(app)
        return sample === undefined ? '-' : `${Math.round(median(sample.rps))} (${median(sample.p99)})`
      }
      const oursRps = median(samples.get(OURS)?.rps ?? [])
      first ??= oursRps
      rows.push([label, cellOf(OURS), cellOf(BASELINE), median(samples.get(OURS)?.ratios.get(BASELINE) ?? []).toFixed(2), (oursRps / first).toFixed(2)])
    }
  } finally {
    stopServers(servers)
  }
  return markdownTable([title, 'fastapi req/s (p99 ms)', 'json-schema req/s (p99 ms)', 'fastapi / json-schema', `fastapi / ${versusFirst}`], rows)
}

const registration = registrationTable()
const built = await builtTable()
const depth = await throughputTable('dependency depth', 'fastapi at depth 1', DEPTHS.map((n) => ({ label: String(n), load: { method: 'GET', path: `/depth/${n}` } })))
const size = await throughputTable('response items', 'fastapi at 1 item', RESPONSE_SIZES.map((n) => ({ label: n.toLocaleString('en'), load: { method: 'GET', path: `/list/${n}` } })))

const section = [
  '', `## Scaling (${today()})`, '',
  `Registration: from \`Fastify()\` to \`await app.ready()\`, each size in a fresh process pinned to core ${SERVER_CORE} (one run each). ` +
    'Every route has its own params and query schemas and the 2-level dependency chain of the main table: through the preset for `fastapi` ' +
    '(which also registers the OpenAPI docs; the document is built at its first use, timed apart as the first `/openapi.json`), ' +
    'a preHandler and hand-written JSON Schema for `json-schema`. Memory: growth of heap used / RSS over that span, after a GC on both sides.',
  '', ...registration, '',
  `The same ${BUILT_ROUTES.toLocaleString('en')} routes from the built package (\`dist/\`, built first) by plain Node (the script bundled with esbuild, no tsx), unpinned, ${BUILT_RUNS} runs each, medians [lowest-highest]; ` +
    'once with each route making its zod models inside the span, once with the models made before the clock starts (at module level, as an app declares them; their memory is then not counted):',
  '', ...built, '',
  `Throughput: ${autocannonSettings}, ${WARMUP} s warm-up, ${SECONDS} s x ${ROUNDS} rounds, alternating order, medians (ratios: medians of per-round ratios). ` +
    'Depth n: a chain of n sync dependencies, each using the one before (by hand: n functions called in a preHandler). ' +
    'Response items: n stored items through a response model that strips a field (by hand: a response schema).',
  '', ...depth, '', ...size, '',
].join('\n')

const file = process.env.BENCH_RESULTS ?? resultsPath()
if (!existsSync(file)) writeFileSync(file, `# Benchmark ${today()}\n\n${machine()}.\n\nVersions: ${nodeVersions()}.\n`)
appendFileSync(file, section)
process.stdout.write(`${section}\nappended to ${file}\n`)
