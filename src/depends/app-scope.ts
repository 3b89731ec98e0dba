import type { FastifyBaseLogger } from 'fastify'
import { consoleLog } from '../shared/constants.js'
import { CleanupStack } from './cleanup.js'
import { compilePlan, type DependencyPlan, type OverrideLookup } from './compile-plan.js'
import { Dependency, type DependencyDefinition } from './dependency.js'
import { solvePlan } from './solve.js'

/**
 * The app-scoped dependencies (FastAPI's lifespan resources): created once when the app
 * starts, shared by every request, cleaned up in reverse order when it closes. An override
 * set before startup is created instead of the original; one set later, at its first use.
 */
export class AppScope {
  readonly values = new Map<DependencyDefinition, unknown>()
  readonly #wanted = new Set<DependencyDefinition>()
  readonly #readyPlans = new WeakSet<DependencyPlan>()
  #cleanup: CleanupStack | undefined
  #log: FastifyBaseLogger | undefined
  #overrides: OverrideLookup | undefined
  // Starts run one after another, so two requests never create the same value twice.
  #starting: Promise<void> = Promise.resolve()

  /** Routes register the app-scoped dependencies they use, at registration. */
  want (definitions: Iterable<DependencyDefinition>): void {
    for (const definition of definitions) this.#wanted.add(definition)
  }

  /** Creates what the routes use, through the overrides (at every level, sub-dependencies included). */
  async start (log: FastifyBaseLogger, overrides: OverrideLookup): Promise<void> {
    this.#log = log
    this.#overrides = overrides
    const replaced = (definition: DependencyDefinition) => overrides(definition)?.definition ?? definition
    await this.ensure([...this.#wanted].filter((definition) => replaced(definition).scope === 'app'))
  }

  /** Whether every app-scoped dependency of a plan has its value (checked once per plan). */
  isReady (plan: DependencyPlan): boolean {
    if (plan.appDefinitions.length === 0 || this.#readyPlans.has(plan)) return true
    if (!plan.appDefinitions.every((definition) => this.values.has(definition))) return false
    this.#readyPlans.add(plan)
    return true
  }

  /** Creates the app-scoped dependencies that have no value yet. */
  ensure (definitions: readonly DependencyDefinition[]): Promise<void> {
    const run = this.#starting.then(() => this.#create(definitions))
    this.#starting = run.catch(() => undefined)
    return run
  }

  async #create (definitions: readonly DependencyDefinition[]): Promise<void> {
    const missing = definitions.filter((definition) => !this.values.has(definition))
    if (missing.length === 0) return
    const cleanup = this.#cleanup ??= new CleanupStack(this.#log ?? consoleLog)
    const plan = compilePlan({
      owner: 'app startup',
      dependencies: missing.map((definition) => new Dependency(definition, true, [])),
      deps: {},
      overrides: this.#overrides,
    })
    const values = await solvePlan(plan, {
      request: undefined,
      reply: undefined,
      errors: [],
      cleanup: { stackFor: () => cleanup },
      appValues: this.values,
      startingApp: true,
    })
    plan.steps.forEach((step, slot) => {
      if (!this.values.has(step.definition)) this.values.set(step.definition, values[slot])
    })
  }

  async close (): Promise<void> {
    await this.#starting
    this.values.clear()
    await this.#cleanup?.close()
    this.#cleanup = undefined
  }
}

