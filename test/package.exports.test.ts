import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Builds the package as it is published (dist/ from tsconfig.build.json) into a scratch
// copy and imports every entry of "exports" with plain Node: no "source" condition, no tsx.
const root = join(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
let scratch: string

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'fastify-fastapi-package-'))
  const packageDir = join(scratch, 'node_modules', 'fastify-fastapi')
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(packageDir, 'dist')])
  cpSync(join(root, 'package.json'), join(packageDir, 'package.json'))
  symlinkSync(join(root, 'node_modules'), join(packageDir, 'node_modules'))
}, 60_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the published package', () => {
  it.each(Object.keys(manifest.exports).filter((subpath) => subpath !== './package.json'))('%s imports from dist with plain Node', (subpath) => {
    const specifier = subpath === '.' ? 'fastify-fastapi' : `fastify-fastapi/${subpath.slice(2)}`
    const script = join(scratch, 'check.mjs')
    writeFileSync(script, `const m = await import('${specifier}'); console.log(JSON.stringify(Object.keys(m).sort()))`)
    const names = JSON.parse(execFileSync(process.execPath, [script], { cwd: scratch, encoding: 'utf8' })) as string[]
    // A plugin entry has its plugin as default export, as Fastify's own plugins do.
    expect(names, specifier).toContain(subpath === '.' ? 'fastapi' : 'default')
  })

  it('exports the preset, the plugins and the core from its root', () => {
    const script = join(scratch, 'root.mjs')
    writeFileSync(script, "const m = await import('fastify-fastapi'); console.log(JSON.stringify(Object.keys(m).sort()))")
    const names = JSON.parse(execFileSync(process.execPath, [script], { cwd: scratch, encoding: 'utf8' })) as string[]
    expect(names).toEqual(expect.arrayContaining(['fastapi', 'fastapiErrors', 'fastapiRouting', 'APIRouter', 'HTTPException', 'RequestValidationError', 'errorCodes']))
  })

  it('ships a .d.ts beside every entry', () => {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target !== 'object' || target === null) continue
      const types = (target as { types: string }).types
      expect(() => readFileSync(join(scratch, 'node_modules', 'fastify-fastapi', types)), `${subpath}: ${types}`).not.toThrow()
    }
  })
})
