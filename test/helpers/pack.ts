import { execFileSync } from 'node:child_process'
import { cpSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'

// The package as `npm pack` makes it, for the tests that install it as a user does.
const root = join(import.meta.dirname, '..', '..')

// What the pack reads: the sources it builds, the templates it ships, its scripts and docs.
const PACKED = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'index.ts', 'bin', 'src', 'plugins', 'templates', 'scripts', 'README.md', 'LICENSE']

export function run (command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } })
}

/** npm itself: the one beside the node running the tests (the CI's second Node brings none). */
export const npm = process.env.npm_execpath ?? 'npm'

/** The command and arguments that run `npm <args>` with the npm above. */
export function npmCommand (args: string[]): [string, string[]] {
  return npm.endsWith('.js') ? [process.execPath, [npm, ...args]] : [npm, args]
}

/** `npm <args>` in `cwd`, with the npm above; its stdout. */
export function runNpm (args: string[], cwd: string): string {
  return run(...npmCommand(args), cwd)
}

/**
 * `npm pack` of this repo into `scratch`: its prepack builds dist/ and strips the manifest of
 * what only this repo uses. Packed from a copy in `scratch`/source, since prepack rewrites
 * package.json and rebuilds dist/, which the tests running beside this one read. Returns the
 * tarball's path and the packed copy's folder (its dist/ built, its node_modules the repo's).
 */
export function packLibrary (scratch: string): { tarball: string, source: string } {
  const source = join(scratch, 'source')
  for (const entry of PACKED) cpSync(join(root, entry), join(source, entry), { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'))
  const file = runNpm(['pack', '--silent', '--pack-destination', scratch], source).trim().split('\n').at(-1) as string
  return { tarball: join(scratch, file), source }
}
