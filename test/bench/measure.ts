// One autocannon run, and the comparison loop: warm every app up, then measure each round
// with the apps in alternating order, keeping per-round ratios to the baselines.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { LOAD_CORE, pinned } from './pinning.js'

export interface Load { method: 'GET' | 'POST', path: string, body?: unknown, form?: string, headers?: Record<string, string> }
export interface Run { requests: number, p99: number, non2xx: number, errors: number }

const CONNECTIONS = 50
const autocannonBin = fileURLToPath(import.meta.resolve('autocannon/autocannon.js'))

export function autocannon (port: number, load: Load, seconds: number): Run {
  const args = [autocannonBin, '--json', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', load.method]
  for (const [name, value] of Object.entries(load.headers ?? {})) args.push('-H', `${name}=${value}`)
  if (load.body !== undefined) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(load.body))
  if (load.form !== undefined) args.push('-H', 'content-type=application/x-www-form-urlencoded', '-b', load.form)
  args.push(`http://127.0.0.1:${port}${load.path}`)
  const [command, commandArgs] = pinned(LOAD_CORE, process.execPath, args)
  const result = JSON.parse(execFileSync(command, commandArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })) as
    { requests: { average: number }, latency: { p99: number }, non2xx: number, errors: number }
  return { requests: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }
}

export const autocannonSettings = `autocannon -c ${CONNECTIONS}`

export function median (values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** The half-width of a 95% confidence interval of the mean of `values` (t-distribution); Infinity under two values. */
export function halfWidth95 (values: readonly number[]): number {
  const n = values.length
  if (n < 2) return Number.POSITIVE_INFINITY
  const mean = values.reduce((sum, value) => sum + value, 0) / n
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1)
  return T95[Math.min(n - 1, T95.length - 1)] as number * Math.sqrt(variance / n)
}

// Student's t at 97.5%, by degrees of freedom (index 0 unused); 30 and over: 2.04 is close enough.
const T95 = [Number.NaN, 12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.1, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05, 2.05, 2.04]

/** A row's per-round ratios as the report writes them: median, then [min-max] and the rounds. */
export function ratioSpread (ratios: readonly number[]): string {
  if (ratios.length === 0) return ''
  return `${median(ratios).toFixed(2)}x [${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}, ±${halfWidth95(ratios).toFixed(2)}, ${ratios.length}r]`
}

export interface Samples { rps: number[], p99: number[], ratios: Map<string, number[]>, problems: string[] }
export interface CompareOptions {
  seconds: number
  /** Rounds always run. */
  rounds: number
  /**
   * More rounds, up to this many, while the 95% interval of `focus`'s ratio to a baseline is
   * wider than ±`precision`: three 5-second rounds cannot tell 0.95 from 1.05.
   */
  maxRounds?: number
  precision?: number
  focus?: string
  warmupSeconds: number
  baselines: readonly string[]
  expect2xx: boolean
}

/**
 * Measures `load` on every target, round after round. The machine drifts (up to 40% between
 * runs here), so the order alternates each round and a ratio is taken within one round,
 * where the apps ran side by side; the report uses medians of those.
 */
export function compare (targets: ReadonlyArray<{ app: string, port: number }>, load: Load, options: CompareOptions): Map<string, Samples> {
  const samples = new Map(targets.map(({ app }) => [app, { rps: [], p99: [], ratios: new Map(), problems: [] } as Samples]))
  for (const { port } of targets) autocannon(port, load, options.warmupSeconds) // JIT, pools, caches
  const focus = options.focus === undefined ? undefined : samples.get(options.focus)
  const precise = (): boolean => focus === undefined ||
    options.baselines.every((baseline) => !samples.has(baseline) || halfWidth95(focus.ratios.get(baseline) ?? []) <= (options.precision ?? 0.05))
  const settled = (round: number): boolean => round >= options.rounds && (round >= (options.maxRounds ?? options.rounds) || precise())
  for (let round = 0; !settled(round); round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse()
    const runs = new Map<string, Run>()
    for (const { app, port } of order) runs.set(app, autocannon(port, load, options.seconds))
    for (const [app, run] of runs) {
      const sample = samples.get(app) as Samples
      sample.rps.push(run.requests)
      sample.p99.push(run.p99)
      if (run.errors > 0) sample.problems.push(`${run.errors} connection errors`)
      if (options.expect2xx && run.non2xx > 0) sample.problems.push(`${run.non2xx} non-2xx answers`)
      for (const baseline of options.baselines) {
        const base = runs.get(baseline)
        if (base === undefined) continue
        const ratios = sample.ratios.get(baseline) ?? []
        ratios.push(run.requests / base.requests)
        sample.ratios.set(baseline, ratios)
      }
    }
    process.stderr.write('.')
  }
  return samples
}
