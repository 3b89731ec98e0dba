// `npm run bench:client-types`: what the typed client costs `tsc`. Generates an app of N routes
// (200 by default, CLIENT_ROUTES=N to change) in four variants in a temporary folder and runs
// `tsc --extendedDiagnostics` on each, once, one after the other:
//   floor       the library imported, no route;
//   statements  N routes on 10 routers, each declared in a statement of its own (no client type);
//   chained     the same N routes declared in chains, the routers included in `app.api`'s chain;
//   client      chained, plus a client made from the app's type and one typed call per route.
// Prints check time, total time, types and instantiations of each, and the cost per route of
// chaining and of the client's calls. Not part of `npm run bench`: it measures the compiler.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')
const ROUTES = Number(process.env.CLIENT_ROUTES ?? 200)
const ROUTERS = 10

type Variant = 'floor' | 'statements' | 'chained' | 'client'

// One route of five kinds in turn: a read by id, a list with query params, a create with a
// body, a replace with params, body and a header, a delete with a 204 and a declared 404.
function route (index: number): string {
  const path = `/r${index}`
  switch (index % 5) {
    case 0: return `.get('${path}/{item_id}', { params: ItemPath, response: Item, responses: { 404: { model: Message } } }, ({ params }) => ({ id: params.item_id, name: 'x', price: 1, tags: [] }))`
    case 1: return `.get('${path}/', { query: z.object({ q: z.string().optional(), tag: z.array(z.string()).default([]), limit: z.int().default(10) }), response: z.array(Item) }, () => [])`
    case 2: return `.post('${path}/', { body: ItemIn, response: Item, status: 201 }, ({ body }) => ({ id: 1, ...body, tags: body.tags ?? [] }))`
    case 3: return `.put('${path}/{item_id}', { params: ItemPath, headers: z.object({ x_token: z.string() }), body: ItemIn, response: Item }, ({ params, body }) => ({ id: params.item_id, ...body, tags: [] }))`
    default: return `.delete('${path}/{item_id}', { params: ItemPath, status: 204, responses: { 404: { model: Message } } }, () => undefined)`
  }
}

function call (index: number, prefix: string): string {
  const path = `${prefix}/r${index}`
  switch (index % 5) {
    case 0: return `{ const r = await client.GET('${path}/{item_id}', { params: { path: { item_id: 1 } } }); if (r.status === 200) names.push(r.data.name) }`
    case 1: return `{ const r = await client.GET('${path}/', { params: { query: { tag: ['a'] } } }); if (r.status === 200) names.push(...r.data.map((item) => item.name)) }`
    case 2: return `{ const r = await client.POST('${path}/', { body: { name: 'x', price: 1 } }); if (r.status === 201) names.push(r.data.name) }`
    case 3: return `{ const r = await client.PUT('${path}/{item_id}', { params: { path: { item_id: 1 }, header: { x_token: 't' } }, body: { name: 'x', price: 1 } }); if (r.error) names.push(String(r.status)) }`
    default: return `{ const r = await client.DELETE('${path}/{item_id}', { params: { path: { item_id: 1 } } }); if (r.status === 404) names.push(r.error.detail) }`
  }
}

function source (variant: Variant): string {
  const lines = [
    "import Fastify from 'fastify'",
    "import { z } from 'zod'",
    "import { APIRouter, fastapi } from 'fastify-fastapi'",
    "import { createClient } from 'fastify-fastapi/client'",
    'const ItemPath = z.object({ item_id: z.int() })',
    'const ItemIn = z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()).optional() })',
    'const Item = z.object({ id: z.int(), name: z.string(), price: z.number(), tags: z.array(z.string()) })',
    'const Message = z.object({ detail: z.string() })',
    'const app = Fastify()',
    'await app.register(fastapi)',
    'void createClient',
  ]
  if (variant === 'floor') return lines.join('\n')
  const perRouter = Math.ceil(ROUTES / ROUTERS)
  for (let router = 0; router < ROUTERS; router++) {
    const indexes = Array.from({ length: perRouter }, (_, i) => router * perRouter + i).filter((index) => index < ROUTES)
    if (variant === 'statements') {
      lines.push(`const router${router} = new APIRouter({ prefix: '/g${router}' })`)
      for (const index of indexes) lines.push(`router${router}${route(index)}`)
    } else {
      lines.push(`const router${router} = new APIRouter({ prefix: '/g${router}' })`, ...indexes.map((index) => `  ${route(index)}`))
    }
  }
  const includes = Array.from({ length: ROUTERS }, (_, router) => `.includeRouter(router${router})`).join('')
  lines.push(variant === 'statements' ? `for (const router of [${Array.from({ length: ROUTERS }, (_, router) => `router${router}`).join(', ')}]) app.api.includeRouter(router)` : `export const api = app.api${includes}`)
  if (variant === 'client') {
    lines.push('const client = createClient<typeof api>({ app })', 'const names: string[] = []')
    for (let index = 0; index < ROUTES; index++) lines.push(call(index, `/g${Math.floor(index / perRouter)}`))
    lines.push('console.log(names)')
  }
  return lines.join('\n')
}

interface Measure { check: number, total: number, types: number, instantiations: number }

function measure (folder: string, variant: Variant): Measure {
  writeFileSync(join(folder, 'app.ts'), source(variant))
  let output: string
  try {
    output = execFileSync(process.execPath, [TSC, '-p', folder, '--extendedDiagnostics'], { encoding: 'utf8' })
  } catch (error) {
    throw new Error(`tsc failed on the ${variant} variant:\n${(error as { stdout: string }).stdout.slice(0, 4000)}`)
  }
  const read = (label: string): number => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output)?.[1] ?? Number.NaN)
  return { check: read('Check time'), total: read('Total time'), types: read('Types'), instantiations: read('Instantiations') }
}

const folder = mkdtempSync(join(tmpdir(), 'client-types-'))
try {
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir')
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ type: 'module' }))
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true,
      types: ['node'], customConditions: ['source'],
      paths: { 'fastify-fastapi': [join(ROOT, 'index.ts')], 'fastify-fastapi/client': [join(ROOT, 'plugins/client/index.ts')] },
    },
    include: ['app.ts'],
  }))
  const results = Object.fromEntries((['floor', 'statements', 'chained', 'client'] as const).map((variant) => [variant, measure(folder, variant)])) as Record<Variant, Measure>
  console.log(`tsc ${execFileSync(process.execPath, [TSC, '-v'], { encoding: 'utf8' }).trim()}, ${ROUTES} routes on ${ROUTERS} routers\n`)
  console.log('| variant | check (s) | total (s) | types | instantiations |')
  console.log('|---|---:|---:|---:|---:|')
  for (const [variant, result] of Object.entries(results)) {
    console.log(`| ${variant} | ${result.check.toFixed(2)} | ${result.total.toFixed(2)} | ${result.types} | ${result.instantiations} |`)
  }
  const perRoute = (from: Variant, to: Variant) => Math.round((results[to].instantiations - results[from].instantiations) / ROUTES)
  console.log(`\ninstantiations per route: declared in statements ${perRoute('floor', 'statements')}, chained ${perRoute('floor', 'chained')} (the chain's own: ${perRoute('statements', 'chained')}), one typed client call ${perRoute('chained', 'client')}`)
} finally {
  rmSync(folder, { recursive: true, force: true })
}
