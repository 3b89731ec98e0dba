import type { z } from 'zod'
import { inspect } from 'node:util'
import { FFA_ERR_BODY_AND_FORM, FFA_ERR_DEP_CYCLE, FFA_ERR_DEP_INVALID, FFA_ERR_DEP_PARAM_CONFLICT, FFA_ERR_DEP_SCOPE } from '../shared/codes.js'
import { bodyFieldsObject, isBodyFields } from '../inputs/body-declaration.js'
import { mergedForm } from '../inputs/form-declaration.js'
import { fileFieldKey } from '../uploads/form-plan.js'
import { sharedFormUploads, type FormUploads } from '../uploads/form-uploads.js'
import { DEFAULT_FORM_LIMITS, type FormLimits } from '../inputs/form-limits.js'
import { compileFormReader, type FormReader } from '../inputs/read-form.js'
import { propertiesOf, toJsonSchema } from '../inputs/json-schema.js'
import { compileInputReader, type InputDeclaration, type InputsReader } from '../inputs/request-inputs.js'
import { Dependency, type DependencyDefinition, type DependencyKind } from './dependency.js'
import { SecurityScopes } from './security-scopes.js'
import { kEarlyCheck } from '../shared/symbols.js'
import type { DeclaredError, DependencyScope, DepsDeclaration, EarlyCheck, SecuritySchemeDeclaration } from './types.js'

/** One dependency to run for a request, in a slot of the request's values. */
export interface PlanStep {
  readonly definition: DependencyDefinition
  readonly kind: DependencyKind
  readonly scope: DependencyScope
  readonly readInputs: InputsReader | null
  /** Its sub-dependencies: the name it reads each by, and the slot that holds its value. */
  readonly deps: ReadonlyArray<readonly [string, number]>
  readonly securityScopes: SecurityScopes
}

/**
 * A route's dependency graph, flattened once at registration: the steps in the order they
 * run (every dependency after its sub-dependencies), one slot each, shared by every use
 * that may share a value.
 */
export interface DependencyPlan {
  readonly steps: readonly PlanStep[]
  /** The route's `deps`: name and slot. */
  readonly deps: ReadonlyArray<readonly [string, number]>
  /** Whether a step is a generator: a plan without one pays nothing for cleanup. */
  readonly hasCleanup: boolean
  /** The app-scoped dependencies it uses, created at startup. */
  readonly appDefinitions: readonly DependencyDefinition[]
  /** The errors its dependencies declare, for the docs. */
  readonly errors: readonly DeclaredError[]
  /** Each use of a security dependency, with the scopes asked along its chain, for the docs. */
  readonly securityUses: ReadonlyArray<{ readonly scheme: SecuritySchemeDeclaration, readonly scopes: readonly string[] }>
  /**
   * Reads the request's form before any step runs, when the route or a step declares a
   * `form` (every form field of them all, in one body); `null` otherwise.
   */
  readonly form: FormReader | null
  /**
   * The checks its dependencies run before the body is read (a security scheme's: are the
   * credentials there?), each once; `null` when none has one.
   */
  readonly earlyChecks: readonly EarlyCheck[] | null
}

/** Swaps a dependency for another while a plan compiles (FastAPI's `dependency_overrides`). */
export type OverrideLookup = (definition: DependencyDefinition) => Dependency<unknown> | undefined

export interface PlanSource {
  /** Where the plan is for, for error messages: "route GET /items/{item_id}". */
  owner: string
  /** Side-effect dependencies, in FastAPI's order (app, router, route), before `deps`. */
  dependencies: readonly Dependency<unknown>[]
  deps: DepsDeclaration
  /** The route's own inputs, checked against its dependencies' for conflicts. */
  inputs?: InputDeclaration
  /** The path's `{name:path}` param, which Fastify calls `*`: a dependency may declare it too. */
  wildcard?: string
  /** The errors plugin's `validationErrorLimit`: coercing a dependency's inputs stops past it, as the route's does. */
  errorLimit?: number
  /** The limits of the route's form body (the route's `formLimits` over the app's). */
  formLimits?: FormLimits
  /** The app's temp folder for uploaded files (default: one for the process). */
  formUploads?: FormUploads
  overrides?: OverrideLookup
}

const LOCATIONS = { params: 'path', query: 'query', headers: 'header', cookies: 'cookie' } as const
type Location = keyof typeof LOCATIONS

// Which declaration owns each param, so two that disagree on its schema are refused. A
// param's schema is written out (as JSON Schema) only when a second declaration claims it:
// most routes share none with their dependencies, and converting every route's schemas was a
// fifth of registering 1,000 routes.
class ParamRegistry {
  private readonly seen = new Map<string, { owner: string, schema: () => string }>()
  // The first declaration reading a JSON body, and the first reading a form: one request has one body.
  private bodyOwner: string | undefined
  private formOwner: string | undefined
  constructor (private readonly owner: string) {}

  add (who: string, declaration: InputDeclaration): void {
    for (const location of Object.keys(LOCATIONS) as Location[]) {
      const schema = declaration[location]
      if (schema === undefined) continue
      const properties = once(() => propertiesOf(toJsonSchema(schema, 'input')))
      for (const name of Object.keys(schema._zod.def.shape)) this.claim(who, `${LOCATIONS[location]} param '${name}'`, () => JSON.stringify(properties()[name] ?? {}))
    }
    const body = declaration.body
    if (isBodyFields(body)) {
      // Body params by name, as FastAPI embeds those of a route and its dependencies in one object.
      const properties = once(() => propertiesOf(toJsonSchema(bodyFieldsObject(body), 'input')))
      for (const name of Object.keys(body)) this.claim(who, `body param '${name}'`, () => JSON.stringify(properties()[name] ?? {}))
    } else if (body !== undefined) {
      this.claim(who, 'body', () => {
        const { $schema, ...schema } = toJsonSchema(body, 'input')
        return JSON.stringify(schema)
      })
    }
    const form = declaration.form
    if (form !== undefined) {
      const properties = once(() => propertiesOf(toJsonSchema(form, 'input')))
      // File fields alike in JSON Schema may differ in their limits and accept lists: compared too.
      for (const [name, field] of Object.entries(form._zod.def.shape)) this.claim(who, `form field '${name}'`, () => JSON.stringify(properties()[name] ?? {}) + fileFieldKey(field))
    }
    if (body !== undefined) this.bodyOwner ??= who
    if (form !== undefined) this.formOwner ??= who
    if (this.bodyOwner !== undefined && this.formOwner !== undefined) {
      throw new FFA_ERR_BODY_AND_FORM(this.owner, `${this.bodyOwner} reads a JSON body and ${this.formOwner} a form, but a request has one body: read the same one in both (all form fields, or all JSON).`)
    }
  }

  private claim (who: string, what: string, schema: () => string): void {
    const earlier = this.seen.get(what)
    if (earlier === undefined) {
      this.seen.set(what, { owner: who, schema })
      return
    }
    const [first, second] = [earlier.schema(), schema()]
    if (first !== second) {
      throw new FFA_ERR_DEP_PARAM_CONFLICT(this.owner, `the ${what} is declared by ${earlier.owner} and by ${who} with different schemas (${first} and ${second}). Declare it once, in a dependency both use, or give both the same schema.`)
    }
  }
}

/** `make`'s value, made at the first call and kept. */
function once<T> (make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}

function inputsOf (definition: DependencyDefinition): InputDeclaration {
  const { params, query, headers, cookies, body, form } = definition.options
  return { params, query, headers, cookies, body, form }
}

function mergeScopes (outer: readonly string[], own: readonly string[]): readonly string[] {
  // Stryker disable next-line ConditionalExpression: equivalent, a copy holds the same scopes; handing back `outer` itself only saves the copy (and a walk in recordSecurityBelow)
  if (own.length === 0) return outer
  return [...new Set([...outer, ...own])]
}

// A dependency that lives longer than another cannot hold it: its value would outlive it.
const LIFETIME: Record<DependencyScope, number> = { function: 0, request: 1, app: 2 }

/**
 * Whether `dependent` may not use `dependency` for the scopes they have. An app-scoped one is
 * made at startup and holds only app-scoped ones. Below it, as in FastAPI, only a generator
 * holds what it yields until its own cleanup: a request-scoped generator cannot use a
 * function-scoped dependency, closed before it; a plain function may (it is done with it).
 */
function outlives (dependent: DependencyDefinition, dependency: DependencyDefinition): boolean {
  if (LIFETIME[dependency.scope] >= LIFETIME[dependent.scope]) return false
  return dependent.scope === 'app' || dependent.kind === 'generator' || dependent.kind === 'asyncGenerator'
}

/**
 * Flattens a route's dependencies into a plan, once: each dependency is visited once per
 * cache key (itself and its security scopes), after its sub-dependencies; cycles, scope
 * mistakes and conflicting params are refused here, naming the chain.
 */
export function compilePlan (source: PlanSource): DependencyPlan {
  const steps: PlanStep[] = []
  const slots = new Map<DependencyDefinition, Map<string | null, number>>()
  // Stryker disable next-line ArrayDeclaration: equivalent, a string in the list is never a dependency, and the cycle check and its chain only look for dependencies
  const visiting: DependencyDefinition[] = []
  const params = new ParamRegistry(source.owner)
  // One per status and description (JSON tells a missing description from an empty one).
  const errors = new Map<string, DeclaredError>()
  const appDefinitions = new Set<DependencyDefinition>()
  const securityUses: Array<{ scheme: SecuritySchemeDeclaration, scopes: readonly string[] }> = []
  if (source.inputs !== undefined) params.add(`the ${source.owner} itself`, source.inputs)

  // `where` names the use in error messages: "deps.db", "dependencies[0]", "deps.db of currentUser".
  const scopeUse = new Map<DependencyDefinition, boolean>()
  function usesScopes (definition: DependencyDefinition): boolean {
    let uses = scopeUse.get(definition)
    if (uses !== undefined) return uses
    // A cycle is refused by `visit`, whatever its key; this early answer only stops the recursion.
    // Stryker disable next-line BooleanLiteral: equivalent, only a cycle reads it
    scopeUse.set(definition, false)
    uses = definition.readsScopes || Object.values(definition.deps).some((dependency) =>
      dependency instanceof Dependency && usesScopes(source.overrides?.(dependency.definition)?.definition ?? dependency.definition))
    scopeUse.set(definition, uses)
    return uses
  }

  // A value reused from an earlier use is not solved again, but the security dependencies
  // under it are still required with this use's scopes: the docs list each. `walked` holds
  // what was walked with these same scopes: below a use that adds scopes, all is walked again,
  // as a dependency reached by two chains is required with the scopes of each.
  function recordSecurityBelow (definition: DependencyDefinition, scopes: readonly string[], walked: Set<DependencyDefinition>): void {
    // Stryker disable next-line ConditionalExpression: equivalent, a walk again with the same scopes records the same requirements, which the docs list once; this only saves it
    if (walked.has(definition)) return
    walked.add(definition)
    // `visit` checked each of them: they are dependencies.
    for (const dependency of Object.values(definition.deps) as Array<Dependency<unknown>>) {
      const below = source.overrides?.(dependency.definition)?.definition ?? dependency.definition
      const belowScopes = mergeScopes(scopes, dependency.scopes)
      if (below.options.securityScheme !== undefined) securityUses.push({ scheme: below.options.securityScheme, scopes: belowScopes })
      // Stryker disable next-line ConditionalExpression: equivalent, a new set only walks again what these scopes walked
      recordSecurityBelow(below, belowScopes, belowScopes === scopes ? walked : new Set())
    }
  }

  function visit (use: Dependency<unknown>, where: string, outerScopes: readonly string[], dependent: DependencyDefinition | undefined): number {
    if (!(use instanceof Dependency)) {
      const value: unknown = use
      const fix = typeof value === 'function' ? ` Wrap the function: Depends(${value.name || 'fn'}).` : ''
      throw new FFA_ERR_DEP_INVALID(`${source.owner}: ${where} must be a dependency made with Depends(fn); got ${inspect(value, { depth: 0 })}.${fix}`)
    }
    const definition = source.overrides?.(use.definition)?.definition ?? use.definition
    const scopes = mergeScopes(outerScopes, use.scopes)
    // As FastAPI: a dependency whose value depends on the scopes (it, or one below it, reads
    // them) runs once per set of scopes; any other (the database under the current user) once.
    // A space never occurs in an OAuth2 scope (RFC 6749, 3.3).
    const key = usesScopes(definition) ? scopes.join(' ') : null
    // Every use counts for the docs, even one that reuses a value: FastAPI documents each.
    const scheme = definition.options.securityScheme
    if (scheme !== undefined) securityUses.push({ scheme, scopes })
    if (use.useCache) {
      const slot = slots.get(definition)?.get(key)
      if (slot !== undefined) {
        recordSecurityBelow(definition, scopes, new Set())
        return slot
      }
    }
    if (visiting.includes(definition)) {
      const chain = [...visiting.slice(visiting.indexOf(definition)), definition].map((step) => step.name).join(' -> ')
      throw new FFA_ERR_DEP_CYCLE(source.owner, chain)
    }
    if (dependent !== undefined && outlives(dependent, definition)) {
      throw new FFA_ERR_DEP_SCOPE(source.owner, `the dependency "${dependent.name}" has the scope "${dependent.scope}", so it cannot depend on "${definition.name}", whose scope is "${definition.scope}": give ${definition.name} a scope that lives as long, or move it.`)
    }
    if (definition.scope === 'app' && definition.readsRequest) {
      throw new FFA_ERR_DEP_SCOPE(source.owner, `the app-scoped dependency "${definition.name}" declares request params, but it is created once at startup, before any request: make it request-scoped or drop its params.`)
    }

    visiting.push(definition)
    const deps = Object.keys(definition.deps).map((name) =>
      [name, visit(definition.deps[name] as Dependency<unknown>, `deps.${name} of ${definition.name}`, scopes, definition)] as const)
    visiting.pop()

    params.add(`the dependency ${definition.name}`, inputsOf(definition))
    for (const error of definition.errors) errors.set(JSON.stringify([error.status, error.description]), error)
    if (definition.scope === 'app') appDefinitions.add(definition)
    steps.push({
      definition,
      kind: definition.kind,
      scope: definition.scope,
      readInputs: compileInputReader(inputsOf(definition), source.wildcard, source.errorLimit),
      deps,
      securityScopes: new SecurityScopes(scopes),
    })
    const slot = steps.length - 1
    // Even a `useCache: false` use leaves its value for the cached uses after it, as FastAPI's
    // `if cache_key not in dependency_cache` does: only that use itself runs again.
    let byScopes = slots.get(definition)
    if (byScopes === undefined) slots.set(definition, byScopes = new Map())
    if (!byScopes.has(key)) byScopes.set(key, slot)
    return slot
  }

  source.dependencies.forEach((dependency, index) => visit(dependency, `dependencies[${index}]`, [], undefined))
  const deps: Array<readonly [string, number]> = []
  for (const name of Object.keys(source.deps)) deps.push([name, visit(source.deps[name] as Dependency<unknown>, `deps.${name}`, [], undefined)])

  // FastAPI reads the form once for the route and all its dependencies: one object of every field.
  const form = mergedForm([source.inputs ?? {}, ...steps.map((step) => step.definition.options)])
  const earlyChecks = [...new Set(steps.flatMap((step) => step.definition[kEarlyCheck] ?? []))]
  return {
    steps,
    deps,
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent when it says true for a plan with nothing to clean up: the request then only sets up empty stacks and a promise
    hasCleanup: steps.some((step) => step.scope !== 'app' && (step.kind === 'generator' || step.kind === 'asyncGenerator')),
    appDefinitions: [...appDefinitions],
    errors: [...errors.values()],
    securityUses,
    form: form === undefined ? null : compileFormReader({ where: source.owner, schema: form, limits: source.formLimits ?? DEFAULT_FORM_LIMITS, uploads: source.formUploads ?? sharedFormUploads() }),
    earlyChecks: earlyChecks.length === 0 ? null : earlyChecks,
  }
}
