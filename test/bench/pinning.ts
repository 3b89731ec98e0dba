// Server on core 0, load generator on core 1, so neither steals the other's CPU. Without
// taskset (not Linux), everything runs unpinned and the report says so.
import { execFileSync } from 'node:child_process'

export const SERVER_CORE = 0
export const LOAD_CORE = 1

export const hasTaskset = (() => {
  try { execFileSync('taskset', ['-V'], { stdio: 'ignore' }); return true } catch { return false }
})()

export function pinned (core: number, command: string, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', String(core), command, ...args]] : [command, args]
}

export const pinningNote = hasTaskset
  ? `server pinned to core ${SERVER_CORE} (\`taskset -c ${SERVER_CORE}\`), autocannon to core ${LOAD_CORE}`
  : 'no taskset: server and load unpinned'
