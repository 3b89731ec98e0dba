import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp as buildMinimal } from '../templates/minimal/app.js'
import { buildApp as buildShop } from '../templates/shop/app.js'

// FastAPI's "Generate Clients" with the TypeScript tools its users pick: the app's
// /openapi.json goes through openapi-typescript, a small program calls the running app with
// openapi-fetch, `tsc` checks it against the generated types (wrong calls must not compile),
// and Node runs it against the app on loopback.

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const GENERATE = join(ROOT, 'test/helpers/openapi-typescript.mjs')
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')

async function serve (app: FastifyInstance): Promise<string> {
  onTestFinished(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

/** Generates the app's types in a fresh folder, type-checks `program` against them and runs it; its printed JSON. */
async function roundTrip (baseUrl: string, program: string): Promise<{ document: { paths: Record<string, Record<string, { operationId: string }>> }, output: unknown }> {
  const folder = mkdtempSync(join(tmpdir(), 'client-roundtrip-'))
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
  // openapi-fetch and @types/node from this checkout; a folder outside it, as Node strips the
  // types of no file under node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir')
  const document = await (await fetch(`${baseUrl}/openapi.json`)).json() as { paths: Record<string, Record<string, { operationId: string }>> }
  writeFileSync(join(folder, 'openapi.json'), JSON.stringify(document))
  execFileSync(process.execPath, [GENERATE, join(folder, 'openapi.json'), join(folder, 'schema.ts')])
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ type: 'module' }))
  writeFileSync(join(folder, 'program.ts'), program)
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
      types: ['node'], skipLibCheck: true, verbatimModuleSyntax: true, allowImportingTsExtensions: true, noUncheckedIndexedAccess: true,
    },
    include: ['program.ts', 'schema.ts'],
  }))
  try {
    execFileSync(process.execPath, [TSC, '-p', folder], { encoding: 'utf8' })
  } catch (error) {
    throw new Error(`tsc refused the program:\n${(error as { stdout: string }).stdout}`)
  }
  // Not execFileSync: the app answering the program runs in this process.
  const { stdout } = await promisify(execFile)(process.execPath, [join(folder, 'program.ts'), baseUrl], { encoding: 'utf8', cwd: folder, timeout: 30_000 })
  return { document, output: JSON.parse(stdout) }
}

function operationIds (document: { paths: Record<string, Record<string, { operationId: string }>> }): string[] {
  return Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId))
}

describe("generated clients of the templates' documents", () => {
  it('calls the minimal app through openapi-fetch, typed by openapi-typescript', async () => {
    const baseUrl = await serve(await buildMinimal({ logger: false }))
    const { output } = await roundTrip(baseUrl, `
import createClient from 'openapi-fetch'
import type { paths } from './schema.ts'

const client = createClient<paths>({ baseUrl: process.argv[2] })
const read = await client.GET('/items/{item_id}', { params: { path: { item_id: 1 } } })
const name: string | undefined = read.data?.name
const missing = await client.GET('/items/{item_id}', { params: { path: { item_id: 99 } } })
const created = await client.POST('/items/', { body: { name: 'Baz', price: 3.5 } })
const listed = await client.GET('/items/', { params: { query: { q: 'ba', limit: 5 } } })
const invalid = await client.GET('/items/', { params: { query: { limit: 1000 } } })
const detail = invalid.error?.detail?.[0]?.loc

// @ts-expect-error  item_id is an integer
await client.GET('/items/{item_id}', { params: { path: { item_id: 'one' } } })
// @ts-expect-error  price is required
await client.POST('/items/', { body: { name: 'Baz' } })
// @ts-expect-error  there is no such path
await client.GET('/itemz/')

console.log(JSON.stringify({
  name, missing: [missing.response.status, missing.error], created: [created.response.status, created.data],
  listed: listed.data?.map((item) => item.name), invalid: [invalid.response.status, detail],
}))
`)
    expect(output).toEqual({
      name: 'Foo',
      missing: [404, { detail: 'Item not found' }],
      created: [201, { id: 3, name: 'Baz', description: null, price: 3.5, tax: null }],
      listed: ['Bar', 'Baz'],
      invalid: [422, ['query', 'limit']],
    })
  }, 60_000) // openapi-typescript, tsc and a Node process: seconds each on a busy machine

  it('calls the shop through openapi-fetch, logged in, with readable operation ids', async () => {
    const baseUrl = await serve(await buildShop({ logger: false }))
    const { document, output } = await roundTrip(baseUrl, `
import createClient from 'openapi-fetch'
import type { operations, paths } from './schema.ts'

const client = createClient<paths>({ baseUrl: process.argv[2] })
const items = await client.GET('/items/', { params: { query: { tag: ['gadgets'], limit: 10 } } })
const prices: number[] | undefined = items.data?.map((item) => item.price)
const login = await client.POST('/token', {
  body: { username: 'johndoe', password: 'correct horse', scope: '' },
  bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
})
const token: string | undefined = login.data?.access_token
const me = await client.GET('/users/me', { headers: { authorization: \`Bearer \${token}\` } })
const anonymous = await client.GET('/users/me')
// An operation by its readable id, as code generators name their methods.
type ReadItem = operations['items-read_one_item']['responses'][200]['content']['application/json']
const first = await client.GET('/items/{item_id}', { params: { path: { item_id: 1 } } })
const item: ReadItem | undefined = first.data

// @ts-expect-error  item_id is an integer
await client.GET('/items/{item_id}', { params: { path: { item_id: 'one' } } })
// @ts-expect-error  the items' price is a number, never a string
const wrong: string | undefined = items.data?.[0]?.price
void wrong

console.log(JSON.stringify({ prices, me: [me.response.status, me.data?.username], anonymous: anonymous.response.status, item: item?.name }))
`)
    expect(output).toEqual({ prices: [999.99, 19.99], me: [200, 'johndoe'], anonymous: 401, item: 'Plumbus' })
    // Readable and unique: `<tag>-<summary>`, as FastAPI's "Generate Clients" page makes them,
    // with no `_2` for a router mounted twice and none of the path's underscores.
    const ids = operationIds(document)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(expect.arrayContaining(['items-list_items', 'items-read_one_item', 'v1-items-read_one_item', 'v2-items-read_one_item', 'auth-log_in', 'users-read_the_current_user']))
    for (const id of ids) expect(id).not.toMatch(/__|_\d+$/)
  }, 120_000) // the shop starts its database (PGlite in memory), then the round trip
})
