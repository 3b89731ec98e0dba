import type { FastifyBaseLogger } from 'fastify'
import { CleanupStack } from './cleanup.js'
import { compilePlan } from './compile-plan.js'
import { Dependency, type DependencyDefinition } from './dependency.js'
import { solvePlan } from './solve.js'

/**
 * The app-scoped dependencies (FastAPI's lifespan resources): created once when the app
 * starts, shared by every request, cleaned up in reverse order when it closes.
 */
export class AppScope {
  readonly values = new Map<DependencyDefinition, unknown>()
  readonly #wanted = new Set<DependencyDefinition>()
  #cleanup: CleanupStack | undefined

  /** Routes register the app-scoped dependencies they use, at registration. */
  want (definitions: Iterable<DependencyDefinition>): void {
    for (const definition of definitions) this.#wanted.add(definition)
  }

  async start (log: FastifyBaseLogger): Promise<void> {
    if (this.#wanted.size === 0) return
    const cleanup = new CleanupStack(log)
    this.#cleanup = cleanup
    const plan = compilePlan({
      owner: 'app startup',
      dependencies: [...this.#wanted].map((definition) => new Dependency(definition, true, [])),
      deps: {},
    })
    const values = await solvePlan(plan, {
      request: undefined,
      reply: undefined,
      errors: [],
      cleanup: { stackFor: () => cleanup },
      appValues: undefined,
      startingApp: true,
    })
    plan.steps.forEach((step, slot) => this.values.set(step.definition, values[slot]))
  }

  async close (): Promise<void> {
    this.values.clear()
    await this.#cleanup?.close()
    this.#cleanup = undefined
  }
}
