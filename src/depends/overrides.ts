import { inspect } from 'node:util'
import { FFA_ERR_DEP_OVERRIDE_INVALID } from '../errors/codes.js'
import { Dependency, Depends, type DependencyDefinition } from './dependency.js'
import type { DependencyContext } from './types.js'

/** What may replace a dependency of type `TValue`: another dependency, or a function that provides a `TValue`. */
export type DependencyOverride<TValue> =
  | Dependency<TValue>
  | ((context: DependencyContext<Record<never, never>>) =>
    TValue | PromiseLike<TValue> | Generator<TValue, unknown, unknown> | AsyncGenerator<TValue, unknown, unknown>)

/**
 * Swaps dependencies for others, sub-dependencies included, for tests (FastAPI's
 * `app.dependency_overrides`). Each change bumps a version; a route recompiles its plan
 * for a new version once, at its next request, and pays nothing while none is set.
 *
 * @example
 * app.dependencyOverrides.set(getDb, () => testDb)
 * app.dependencyOverrides.clear()
 */
export class DependencyOverrides {
  readonly #overrides = new Map<DependencyDefinition, Dependency<unknown>>()
  // A plain function is wrapped once, so that setting it again does not recompile plans.
  readonly #wrapped = new WeakMap<object, Dependency<unknown>>()
  #version = 0

  /** Changes on every set, delete and clear. */
  get version (): number {
    return this.#version
  }

  get size (): number {
    return this.#overrides.size
  }

  set<TValue> (original: Dependency<TValue>, override: DependencyOverride<TValue>): this {
    if (!(original instanceof Dependency)) {
      throw new FFA_ERR_DEP_OVERRIDE_INVALID(`the dependency to override must be one made with Depends(fn), as routes use it; got ${inspect(original, { depth: 0 })}.`)
    }
    this.#overrides.set(original.definition, this.#dependencyOf(original, override))
    this.#version++
    return this
  }

  has (original: Dependency<unknown>): boolean {
    return original instanceof Dependency && this.#overrides.has(original.definition)
  }

  delete (original: Dependency<unknown>): boolean {
    const deleted = original instanceof Dependency && this.#overrides.delete(original.definition)
    if (deleted) this.#version++
    return deleted
  }

  clear (): void {
    if (this.#overrides.size === 0) return
    this.#overrides.clear()
    this.#version++
  }

  /** The override of a definition, for the plan compiler. */
  readonly lookup = (definition: DependencyDefinition): Dependency<unknown> | undefined => this.#overrides.get(definition)

  #dependencyOf (original: Dependency<unknown>, override: unknown): Dependency<unknown> {
    if (override instanceof Dependency) return override
    if (typeof override !== 'function') {
      throw new FFA_ERR_DEP_OVERRIDE_INVALID(`the override of ${original.name} must be a dependency made with Depends(fn) or a function; got ${inspect(override, { depth: 0 })}.`)
    }
    let wrapped = this.#wrapped.get(override)
    if (wrapped === undefined) {
      wrapped = Depends(override as (context: DependencyContext<Record<never, never>>) => unknown)
      this.#wrapped.set(override, wrapped)
    }
    return wrapped
  }
}
