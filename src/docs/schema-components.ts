import { isDeepStrictEqual } from 'node:util'
import { z } from 'zod'
import { FFA_ERR_DOCS_SCHEMA_NAME } from '../shared/codes.js'
import type { Io } from '../inputs/json-schema.js'
import type { JsonSchema } from '../shared/openapi-types.js'
import { convert } from './model-json-schema.js'

const COMPONENTS = '#/components/schemas/'

/** A `$ref` the document holds, pointed at its final component name when the document is done. */
interface PendingRef {
  node: JsonSchema
  name: string
  io: Io
}

interface Model {
  /** For a name this package made up (an anonymous body, a cycle): the name it would like; its final name avoids the users' ids. */
  wanted?: string
  /** The model's JSON Schema as a request sends it and as a response carries it. */
  forms: Partial<Record<Io, JsonSchema>>
  /** The other models each form refers to. */
  refersTo: Record<Io, Set<string>>
}

/**
 * The document's `components.schemas`, filled as zod schemas are converted: a schema named
 * with zod's `.meta({ id: 'Item' })` becomes a component that the document refers to, once,
 * however many routes use it. As in FastAPI (pydantic 2), a model whose request and response
 * forms differ (a transform: a string in, a list out) becomes two components, `Item-Input`
 * and `Item-Output`; otherwise one, `Item`.
 */
export class SchemaComponents {
  private readonly models = new Map<string, Model>()
  private readonly refs: PendingRef[] = []
  private readonly fixed: Record<string, JsonSchema> = {}
  private readonly namesByContent = new Map<string, string>()
  private generated = 0
  // Keys of made-up names start with a character no id can hold, until `finish` names them.
  private static readonly GENERATED = '\u0000'

  /** `false`: every model in its request form, one component each (FastAPI's `separate_input_output_schemas=False`). */
  constructor (private readonly separateInputOutput = true) {}

  /** A component that is no zod schema (HTTPValidationError ...); the first one of a name wins. */
  addFixed (name: string, schema: JsonSchema): JsonSchema {
    this.fixed[name] ??= schema
    return { $ref: COMPONENTS + name }
  }

  /**
   * A zod schema as the document shows it: a `$ref` for a named model, inline otherwise
   * (with refs to the named models inside). `rootName` names an anonymous schema that must
   * be a component (a request body, as FastAPI's `Body_...`; a recursive schema).
   */
  schemaFor (schema: z.core.$ZodType, requested: Io, rootName?: string): JsonSchema {
    const io = this.separateInputOutput ? requested : 'input'
    const converted = convert(schema, io)
    const { $defs = {}, $schema: _, ...root } = converted
    // zod names the definitions it had to make up (`__schema0`, for a cycle) per conversion:
    // give them names unique in the document.
    const localNames = new Map<string, string>()
    for (const name of Object.keys($defs)) {
      if (!name.startsWith('__schema')) continue
      // The same schema met again (a route using it twice) keeps the name it got first.
      const content = `${io}\u0000${JSON.stringify($defs[name])}`
      let unique = this.namesByContent.get(content)
      if (unique === undefined) {
        unique = this.uniqueName(($defs[name] as JsonSchema).title as string | undefined ?? 'Model')
        this.namesByContent.set(content, unique)
      }
      localNames.set(name, unique)
    }
    const recursiveRoot = containsRef(root, '#')
    let rootRefName: string | undefined
    if (recursiveRoot || (rootName !== undefined && root.$ref === undefined && isObjectSchema(root))) {
      rootRefName = rootName !== undefined ? this.uniqueName(rootName) : this.uniqueName('Model')
    }
    const nameOf = (ref: string): string | undefined => {
      if (ref === '#') return rootRefName
      if (!ref.startsWith('#/$defs/')) return undefined
      const defName = ref.slice('#/$defs/'.length)
      return localNames.get(defName) ?? defName
    }
    for (const [defName, definition] of Object.entries($defs)) {
      const name = localNames.get(defName) ?? defName
      this.addModel(name, io, this.track(definition, io, nameOf))
    }
    const tracked = this.track(root, io, nameOf)
    if (rootRefName === undefined) return tracked
    this.addModel(rootRefName, io, tracked)
    return this.ref(rootRefName, io)
  }

  /** The `components.schemas`, every `$ref` given its final name. */
  finish (): Record<string, JsonSchema> {
    const names = this.finalNames()
    const split = this.splitModels()
    const finalName = (key: string, io: Io): string => {
      const name = names.get(key) as string
      return split.has(key) ? `${name}-${io === 'input' ? 'Input' : 'Output'}` : name
    }
    for (const ref of this.refs) ref.node.$ref = COMPONENTS + finalName(ref.name, ref.io)
    const schemas: Record<string, JsonSchema> = { ...this.fixed }
    for (const [key, model] of this.models) {
      // A made-up model is titled by its name, as FastAPI titles `Body_create_item_items__post`.
      const titled = (form: JsonSchema | undefined): JsonSchema => model.wanted === undefined ? form as JsonSchema : { title: names.get(key), ...form }
      if (split.has(key)) {
        schemas[finalName(key, 'input')] = titled(model.forms.input)
        schemas[finalName(key, 'output')] = titled(model.forms.output)
      } else {
        schemas[finalName(key, 'input')] = titled(model.forms.input ?? model.forms.output)
      }
    }
    return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
  }

  // The users' ids as they are (one that takes a name of FastAPI's own is refused), then
  // the made-up names, each the first of `Model`, `Model_2` ... nobody has.
  private finalNames (): Map<string, string> {
    const names = new Map<string, string>()
    const taken = new Set(Object.keys(this.fixed))
    for (const key of this.models.keys()) {
      if (key.startsWith(SchemaComponents.GENERATED)) continue
      if (taken.has(key)) throw new FFA_ERR_DOCS_SCHEMA_NAME(key)
      names.set(key, key)
      taken.add(key)
    }
    for (const [key, model] of this.models) {
      if (model.wanted === undefined) continue
      let name = model.wanted
      for (let count = 2; taken.has(name); count++) name = `${model.wanted}_${count}`
      names.set(key, name)
      taken.add(name)
    }
    return names
  }

  private ref (name: string, io: Io): JsonSchema {
    const node: JsonSchema = { $ref: COMPONENTS + name }
    this.refs.push({ node, name, io })
    return node
  }

  private uniqueName (base: string): string {
    const key = `${SchemaComponents.GENERATED}${++this.generated}`
    // Reserved now, so a second anonymous schema gets its own.
    this.models.set(key, { wanted: base.replace(/[^\w.-]/g, '_'), forms: {}, refersTo: { input: new Set(), output: new Set() } })
    return key
  }

  private addModel (name: string, io: Io, schema: JsonSchema): void {
    let model = this.models.get(name)
    if (model === undefined) {
      model = { forms: {}, refersTo: { input: new Set(), output: new Set() } }
      this.models.set(name, model)
    }
    const known = model.forms[io]
    if (known !== undefined && !isDeepStrictEqual(known, schema)) {
      throw new FFA_ERR_DOCS_SCHEMA_NAME(name)
    }
    model.forms[io] = schema
    collectRefNames(schema, model.refersTo[io])
  }

  // A copy in which every `$ref` to a named model is a pending ref (its final name, Input or
  // Output, is known only when every route is converted).
  private track (schema: JsonSchema, io: Io, nameOf: (ref: string) => string | undefined): JsonSchema {
    const visit = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(visit)
      if (typeof value !== 'object' || value === null) return value
      const node = value as JsonSchema
      if (typeof node.$ref === 'string') {
        const name = nameOf(node.$ref)
        if (name !== undefined) {
          const { $ref: _, ...siblings } = node
          return Object.assign(this.ref(name, io), visit(siblings))
        }
      }
      const copy: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(node)) copy[key] = visit(child)
      return copy
    }
    return visit(schema) as JsonSchema
  }

  // Models whose two forms differ, or that refer to one that does, are split in two.
  private splitModels (): Set<string> {
    const split = new Set<string>()
    for (const [name, { forms }] of this.models) {
      if (forms.input !== undefined && forms.output !== undefined && !isDeepStrictEqual(forms.input, forms.output)) split.add(name)
    }
    let grew = true
    while (grew) {
      grew = false
      for (const [name, model] of this.models) {
        if (split.has(name) || model.forms.input === undefined || model.forms.output === undefined) continue
        if ([...model.refersTo.input, ...model.refersTo.output].some((other) => split.has(other))) {
          split.add(name)
          grew = true
        }
      }
    }
    return split
  }
}

// A model's shape: named fields. A dict (`z.record`) is no model, and stays inline as FastAPI keeps it.
function isObjectSchema (schema: JsonSchema): boolean {
  return schema.type === 'object' && schema.properties !== undefined
}

function containsRef (value: unknown, ref: string): boolean {
  if (Array.isArray(value)) return value.some((child) => containsRef(child, ref))
  if (typeof value !== 'object' || value === null) return false
  if ((value as JsonSchema).$ref === ref) return true
  return Object.values(value).some((child) => containsRef(child, ref))
}

function collectRefNames (value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const child of value) collectRefNames(child, names)
    return
  }
  if (typeof value !== 'object' || value === null) return
  const ref = (value as JsonSchema).$ref
  if (typeof ref === 'string' && ref.startsWith(COMPONENTS)) names.add(ref.slice(COMPONENTS.length))
  for (const child of Object.values(value)) collectRefNames(child, names)
}
