// `npm run bench`: the main table. Each app in its own process pinned to core 0, driven by
// autocannon pinned to core 1, endpoint by endpoint, every answer checked against the
// baseline first; warm-up, then rounds with the apps in alternating order. Prints req/s, p99
// and medians of per-round ratios to bare Fastify with hand-written JSON Schema, writes
// test/bench/results/<date>.md, then runs scaling.ts (BENCH_SCALING=0 skips it).
//   BENCH_SECONDS (5), BENCH_ROUNDS (3, at least), BENCH_MAX_ROUNDS (15), BENCH_PRECISION (0.05), BENCH_WARMUP (2) seconds;
//   BENCH_GROUP or BENCH_ONLY: 'routes', 'dependencies', 'forms', 'security', 'middleware', 'database' or endpoint keys ('hello,list');
//   BENCH_APPS: a comma list of apps (the baseline is always kept); BENCH_PYTHON: the python.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { APPS, BASELINE, type BenchApp } from './apps/catalog.js'
import { fastapiShapeProblems, fetchAnswer, mismatches, type Answer } from './check.js'
import { selectEndpoints, type Endpoint } from './endpoints.js'
import { autocannonSettings, compare, median, ratioSpread, type Samples } from './measure.js'
import { findPython } from './python.js'
import { machine, markdownTable, nodeVersions, resultsPath, today } from './report.js'
import { startServers, stopServers } from './servers.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
// More rounds while the fastapi row's 95% interval is wider than ±BENCH_PRECISION (0.05), up to BENCH_MAX_ROUNDS (15).
const MAX_ROUNDS = Number(process.env.BENCH_MAX_ROUNDS ?? 15)
const PRECISION = Number(process.env.BENCH_PRECISION ?? 0.05)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2)
const ONLY = process.env.BENCH_GROUP ?? process.env.BENCH_ONLY
const ONLY_APPS = process.env.BENCH_APPS?.split(',')

const endpoints = selectEndpoints(ONLY)
// A row's ratios are to bare Fastify with hand-written JSON Schema; a database row's, to that on its engine.
const baselineOf = (endpoint: Endpoint): string => endpoint.baseline ?? BASELINE
const python = findPython()
const notes: string[] = []
if ('missing' in python) {
  process.stderr.write(`skipping fastapi-python: ${python.missing}\n`)
  notes.push(`fastapi-python skipped: ${python.missing}.`)
}
const apps: BenchApp[] = APPS.filter((app) =>
  endpoints.some((endpoint) => app.endpoints.includes(endpoint.key)) &&
  (app.runtime !== 'python' || !('missing' in python)) &&
  (ONLY_APPS === undefined || ONLY_APPS.includes(app.name) || endpoints.some((endpoint) => baselineOf(endpoint) === app.name)))

// The library's own app of a row, whose ratio decides how many rounds it takes: `fastapi`, or the shop on a database row.
function libraryApp (targets: ReadonlyArray<{ app: string }>): string | undefined {
  return targets.find(({ app }) => app === 'fastapi' || app.startsWith('shop-'))?.app
}

const servers = await startServers(apps, 3100, 'executable' in python ? python.executable : undefined)
const results = new Map<string, Map<string, Samples>>()
try {
  for (const endpoint of endpoints) {
    const targets = servers.filter(({ app }) => APPS.find((a) => a.name === app)?.endpoints.includes(endpoint.key))
    const answers = new Map<string, Answer>()
    for (const { app, port } of targets) answers.set(app, await fetchAnswer(port, endpoint))
    const problems = mismatches(endpoint, answers, baselineOf(endpoint))
    if (endpoint.key === 'invalid' && answers.has('fastapi')) {
      problems.push(...fastapiShapeProblems(answers.get('fastapi') as Answer, answers.get('fastapi-python')))
      for (const app of ['fastapi', 'fastapi-python']) {
        const answer = answers.get(app)
        if (answer !== undefined) notes.push(`422 body of ${app}: \`${JSON.stringify(answer.body)}\``)
      }
    }
    if (problems.length > 0) throw new Error(problems.join('\n'))

    process.stderr.write(`${endpoint.key} `)
    const baselines = [baselineOf(endpoint), ...(endpoint.alsoVersus === undefined ? [] : [endpoint.alsoVersus])]
    results.set(endpoint.key, compare(targets, endpoint, {
      seconds: SECONDS, rounds: ROUNDS, maxRounds: MAX_ROUNDS, precision: PRECISION, focus: libraryApp(targets), warmupSeconds: WARMUP, baselines, expect2xx: endpoint.compare === 'body',
    }))
    process.stderr.write('\n')
  }
} finally {
  stopServers(servers)
}

function cell (endpoint: Endpoint, app: string): string {
  const sample = results.get(endpoint.key)?.get(app)
  if (sample === undefined) return '-'
  const ratios = sample.ratios.get(baselineOf(endpoint)) ?? []
  const problems = sample.problems.length > 0 ? ` ⚠ ${[...new Set(sample.problems)].join('; ')}` : ''
  const ratio = app === baselineOf(endpoint) ? '1.00x' : ratioSpread(ratios)
  return `${Math.round(median(sample.rps))} (${median(sample.p99)})${ratio === '' ? '' : ` ${ratio}`}${problems}`
}

function versusSecondBaseline (endpoint: Endpoint): string {
  if (endpoint.alsoVersus === undefined) return ''
  return ratioSpread(results.get(endpoint.key)?.get('fastapi')?.ratios.get(endpoint.alsoVersus) ?? []) || '-'
}

const hasSecondBaseline = endpoints.some((endpoint) => endpoint.alsoVersus !== undefined)
const table = markdownTable(
  ['endpoint', ...apps.map((app) => app.name), ...(hasSecondBaseline ? ['fastapi / prehandler'] : [])],
  endpoints.map((endpoint) => [endpoint.label, ...apps.map((app) => cell(endpoint, app.name)), ...(hasSecondBaseline ? [versusSecondBaseline(endpoint)] : [])]),
)

const pythonVersions = 'versions' in python
  ? `; FastAPI ${python.versions.fastapi} on pydantic ${python.versions.pydantic}, uvicorn ${python.versions.uvicorn} (uvloop ${python.versions.uvloop}, httptools ${python.versions.httptools}, access log off, 1 worker), Python ${python.versions.python} — Debian's packages, older than today's FastAPI on pydantic 2`
  : ''
const report = [
  `# Benchmark ${today()}`, '',
  `${machine()}.`, '',
  `Versions: ${nodeVersions()}${pythonVersions}.`, '',
  `${autocannonSettings}, ${WARMUP} s warm-up per app, then rounds of ${SECONDS} s per endpoint and app, apps in alternating order: at least ${ROUNDS}, ` +
    `more (up to ${MAX_ROUNDS}) while the 95% interval of the fastapi row's ratio is wider than ±${PRECISION}. ` +
    'Each cell: median req/s (median p99 latency, ms) and the median of the per-round ratios to `json-schema` (bare Fastify, hand-written JSON Schema), ' +
    'with [the lowest-highest per-round ratio, the 95% interval\'s half-width, the rounds]; ' +
    'a database row\'s, to `db-json-schema-<engine>` (the same SQL in a transaction per request, by hand in bare Fastify, on the same engine). ' +
    '`fastapi / prehandler`: the dependency chain against the same chain written by hand in a preHandler.',
  '', ...table, '',
  ...notes.map((note) => `- ${note}`), '',
].join('\n')

const file = resultsPath(ONLY === undefined && ONLY_APPS === undefined ? '' : `-${[ONLY, ONLY_APPS?.join('+')].filter(Boolean).join('-')}`)
writeFileSync(file, report)
process.stdout.write(`${report}\nwritten to ${file}\n`)

if (process.env.BENCH_SCALING !== '0' && ONLY === undefined && ONLY_APPS === undefined) {
  const scaling = fileURLToPath(new URL('./scaling.ts', import.meta.url))
  const { status } = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', scaling], { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS: file } })
  process.exitCode = status ?? 1
}
