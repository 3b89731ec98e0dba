// `npm run bench:types`: what the library's types cost the editor. Generates apps of 10, 50,
// 200 and 500 routes (each route: params, query, a 6-field body, a response model and two
// dependencies, zero annotations), the same with fastify-type-provider-zod (the dependencies as
// preHandlers: it has none of its own), and type-checks each with `tsc --extendedDiagnostics`
// against the built package (`dist/`, as users install it; `npm run build` first), with
// TypeScript 7 and, when installed as `typescript-5`, TypeScript 5.9 (most editors' today).
// Prints check time (the median of BENCH_TYPES_RUNS runs: one run's time swings by a fifth),
// instantiations and memory; the ratio ours / FTPZ per size.
//   BENCH_TYPES_SIZES (10,50,200,500), BENCH_TYPES_RUNS (3)
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { machine, markdownTable } from './report.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const work = join(root, 'test/bench/.type-check')
const SIZES = (process.env.BENCH_TYPES_SIZES ?? '10,50,200,500').split(',').map(Number)
const RUNS = Number(process.env.BENCH_TYPES_RUNS ?? 3)

const COMPILERS = [
  { name: 'TypeScript 7', bin: join(root, 'node_modules/typescript/bin/tsc') },
  { name: 'TypeScript 5.9', bin: join(root, 'node_modules/typescript-5/bin/tsc') },
].filter((compiler) => existsSync(compiler.bin))

function oursRoute (i: number): string {
  return `
app.api.post('/r${i}/items/{item_id}', {
  params: z.object({ item_id: z.number().int() }),
  query: z.object({ q: z.string().optional(), limit: z.number().int().max(100).default(10) }),
  body: z.object({ name: z.string(), price: z.number(), tax: z.number().optional(), tags: z.array(z.string()), count: z.int(), active: z.boolean() }),
  response: z.object({ id: z.number(), name: z.string(), price: z.number(), owner: z.string() }),
  deps: { db: getDb, user: currentUser },
}, ({ params, query, body, deps }) => ({ id: params.item_id + query.limit, name: body.name, price: body.price + (body.tax ?? 0), owner: deps.user.name + deps.db.name }))
`
}

function ftpzRoute (i: number): string {
  return `
app.post('/r${i}/items/:item_id', {
  schema: {
    params: z.object({ item_id: z.number().int() }),
    querystring: z.object({ q: z.string().optional(), limit: z.number().int().max(100).default(10) }),
    body: z.object({ name: z.string(), price: z.number(), tax: z.number().optional(), tags: z.array(z.string()), count: z.int(), active: z.boolean() }),
    response: { 200: z.object({ id: z.number(), name: z.string(), price: z.number(), owner: z.string() }) },
  },
  preHandler: [getDb, currentUser],
}, async (request) => ({ id: request.params.item_id + request.query.limit, name: request.body.name, price: request.body.price + (request.body.tax ?? 0), owner: request.user.name + request.db.name }))
`
}

function oursApp (routes: number): string {
  return `import Fastify from 'fastify'
import { z } from 'zod'
import { Depends, fastapi } from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi)
const getDb = Depends(() => ({ name: 'db' }))
const currentUser = Depends({ deps: { db: getDb }, headers: z.object({ authorization: z.string() }) }, ({ deps, headers }) => ({ name: headers.authorization + deps.db.name }))
${Array.from({ length: routes }, (_, i) => oursRoute(i)).join('')}`
}

function ftpzApp (routes: number): string {
  return `import Fastify, { type FastifyRequest } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'

declare module 'fastify' {
  interface FastifyRequest { db: { name: string }, user: { name: string } }
}
const app = Fastify().withTypeProvider<ZodTypeProvider>()
app.setValidatorCompiler(validatorCompiler)
app.setSerializerCompiler(serializerCompiler)
async function getDb (request: FastifyRequest): Promise<void> { request.db = { name: 'db' } }
async function currentUser (request: FastifyRequest): Promise<void> { request.user = { name: String(request.headers.authorization) + request.db.name } }
${Array.from({ length: routes }, (_, i) => ftpzRoute(i)).join('')}`
}

interface Figures { seconds: number, instantiations: number, memoryMb: number }

function checkOnce (compiler: string, dir: string): Figures {
  const run = spawnSync(process.execPath, [compiler, '-p', dir, '--extendedDiagnostics'], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
  const out = `${run.stdout}${run.stderr}`
  if (/error TS\d+/.test(out)) throw new Error(`${dir} does not type-check:\n${out.slice(0, 2000)}`)
  const number = (label: string): number => Number(new RegExp(`${label}:\\s+([\\d.]+)`).exec(out)?.[1] ?? Number.NaN)
  return { seconds: number('Check time'), instantiations: number('Instantiations'), memoryMb: number('Memory used') / 1024 }
}

// Instantiations and memory are the same every run; the time is the median run's.
function check (compiler: string, dir: string): Figures {
  const runs = Array.from({ length: RUNS }, () => checkOnce(compiler, dir)).sort((a, b) => a.seconds - b.seconds)
  return runs[Math.floor(runs.length / 2)] as Figures
}

// Built now: a dist/ left from an earlier checkout would measure that checkout's declarations.
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
rmSync(work, { recursive: true, force: true })
const lines = [`# Type-checking cost (${new Date().toISOString().slice(0, 10)})`, '', `${machine()}.`, '',
  'Each route: params, query, a 6-field body, a response model, two dependencies, zero annotations; against the built package (`dist/`). ' +
  `Check time in seconds (the median of ${RUNS} runs), instantiations, memory used (MB), and ours / FTPZ.`, '']
try {
  for (const { name, bin } of COMPILERS) {
    const rows: string[][] = []
    for (const size of SIZES) {
      const figures: Record<string, Figures> = {}
      for (const [app, source] of [['ours', oursApp(size)], ['ftpz', ftpzApp(size)]] as const) {
        const dir = join(work, `${app}-${size}`)
        mkdirSync(dir, { recursive: true })
        writeFileSync(join(dir, 'app.ts'), source)
        // The package as users install it: no `source` condition, so its .d.ts files are read.
        writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
          extends: '../../../../tsconfig.json',
          compilerOptions: { customConditions: [], types: ['node'] },
          include: ['app.ts'],
          // The project's own config leaves these apps out of its type check; this one is theirs.
          exclude: [],
        }))
        figures[app] = check(bin, dir)
        process.stderr.write('.')
      }
      const ours = figures.ours as Figures
      const ftpz = figures.ftpz as Figures
      rows.push([String(size),
        `${ours.seconds.toFixed(2)} / ${ftpz.seconds.toFixed(2)} (${(ours.seconds / ftpz.seconds).toFixed(2)}x)`,
        `${ours.instantiations} / ${ftpz.instantiations} (${(ours.instantiations / ftpz.instantiations).toFixed(2)}x)`,
        `${ours.memoryMb.toFixed(0)} / ${ftpz.memoryMb.toFixed(0)}`])
    }
    lines.push(`## ${name}`, '', ...markdownTable(['routes', 'check s, ours / FTPZ', 'instantiations, ours / FTPZ', 'memory MB, ours / FTPZ'], rows), '')
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
process.stderr.write('\n')
process.stdout.write(`${lines.join('\n')}\n`)
