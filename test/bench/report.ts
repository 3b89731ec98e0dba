// What a results file says besides the numbers: the machine, the pinning and the version of
// every framework measured; and the markdown table helper both scripts use.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { pinningNote } from './pinning.js'

const here = fileURLToPath(new URL('.', import.meta.url))

const NODE_PACKAGES = ['fastify', 'zod', 'fastify-type-provider-zod', 'hono', '@hono/zod-validator', '@hono/node-server', 'autocannon'] as const

function versionOf (name: string): string {
  const file = `${here}../../node_modules/${name}/package.json`
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'not installed'
}

export function nodeVersions (): string {
  const own = (JSON.parse(readFileSync(`${here}../../package.json`, 'utf8')) as { version: string }).version
  return [`fastify-fastapi ${own} (this checkout)`, ...NODE_PACKAGES.map((name) => `${name} ${versionOf(name)}`)].join(', ')
}

export function machine (): string {
  const cpus = os.cpus()
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, ${os.platform()} ${os.release()}; ${pinningNote}`
}

export const today = (): string => new Date().toISOString().slice(0, 10)

export function resultsPath (suffix = ''): string {
  mkdirSync(`${here}results`, { recursive: true })
  return `${here}results/${today()}${suffix}.md`
}

export function markdownTable (header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [`| ${header.join(' | ')} |`, `|${'---|'.repeat(header.length)}`, ...rows.map((row) => `| ${row.join(' | ')} |`)]
}
