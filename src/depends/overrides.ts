import { inspect } from 'node:util'
import { FFA_ERR_DEP_OVERRIDE_INVALID } from '../shared/codes.js'
import { Dependency, Depends, type DependencyDefinition } from './dependency.js'
import type { DependencyContext } from './types.js'

/** What may replace a dependency of type `TValue`: another dependency, or a function that provides a `TValue`. */
export type DependencyOverride<TValue> =
  | Dependency<TValue>
  | ((context: DependencyContext<Record<never, never>>) =>
    TValue | PromiseLike<TValue> | Generator<TValue, unknown, unknown> | AsyncGenerator<TValue, unknown, unknown>)

/**
 * Swaps dependencies for others, sub-dependencies included, for tests (FastAPI's
 * `app.dependency_overrides`). Each change recompiles the routes' plans at once, so an
 * override that makes a cycle or a scope mistake throws from `set`, not from a request;
 * routes pay nothing while none is set. A function override keeps the original's scope.
 *
 * @example
 * app.dependencyOverrides.set(getDb, () => testDb)
 * app.dependencyOverrides.clear()
 */
export class DependencyOverrides {
  readonly #overrides = new Map<DependencyDefinition, Dependency<unknown>>()
  // A plain function is wrapped once per original, so that setting it again changes nothing.
  readonly #wrapped = new WeakMap<DependencyDefinition, WeakMap<object, Dependency<unknown>>>()
  #version = 0
  #onChange: (() => void) | undefined

  /** Called on every change; what it throws undoes the change and is thrown from `set`. */
  listen (onChange: () => void): void {
    this.#onChange = onChange
  }

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
    const { definition } = original
    const previous = this.#overrides.get(definition)
    this.#overrides.set(definition, this.#dependencyOf(original, override))
    try {
      this.#changed()
    } catch (error) {
      if (previous === undefined) this.#overrides.delete(definition)
      else this.#overrides.set(definition, previous)
      this.#changed()
      throw error
    }
    return this
  }

  has (original: Dependency<unknown>): boolean {
    return original instanceof Dependency && this.#overrides.has(original.definition)
  }

  delete (original: Dependency<unknown>): boolean {
    const deleted = original instanceof Dependency && this.#overrides.delete(original.definition)
    if (deleted) this.#changed()
    return deleted
  }

  clear (): void {
    if (this.#overrides.size === 0) return
    this.#overrides.clear()
    this.#changed()
  }

  #changed (): void {
    this.#version++
    this.#onChange?.()
  }

  /** The override of a definition, for the plan compiler. */
  readonly lookup = (definition: DependencyDefinition): Dependency<unknown> | undefined => this.#overrides.get(definition)

  #dependencyOf (original: Dependency<unknown>, override: unknown): Dependency<unknown> {
    if (override instanceof Dependency) return override
    if (typeof override !== 'function') {
      throw new FFA_ERR_DEP_OVERRIDE_INVALID(`the override of ${original.name} must be a dependency made with Depends(fn) or a function; got ${inspect(override, { depth: 0 })}.`)
    }
    let byFunction = this.#wrapped.get(original.definition)
    if (byFunction === undefined) this.#wrapped.set(original.definition, byFunction = new WeakMap())
    let wrapped = byFunction.get(override)
    if (wrapped === undefined) {
      // Same scope as the original: a fake pool for an app-scoped pool is made once, not per request.
      const options = { scope: original.definition.scope, name: `${original.name} (override)` }
      wrapped = Depends(options, override as (context: DependencyContext<typeof options>) => unknown)
      byFunction.set(override, wrapped)
    }
    return wrapped
  }
}
