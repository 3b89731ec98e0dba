import type { z } from 'zod'
import { FFA_ERR_FORM_SCHEMA_INVALID, FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { unrecognisedTypes } from './content-check.js'
import { fileSpecOf, type FileSpec } from './file-schema.js'
import { DEFAULT_UPLOAD_LIMITS, resolveUploadLimits, type UploadLimits } from './limits.js'

/** A form field that takes files: `File()`, `File.bytes()`, `z.array(File())`, optional or not. */
export interface FileField {
  readonly kind: 'file'
  readonly name: string
  /** `upload`: an UploadFile on disk; `bytes`: a Buffer in memory. */
  readonly type: FileSpec['kind']
  /** `z.array(File())`: every file of the field, in order; otherwise the last one sent. */
  readonly list: boolean
  readonly required: boolean
  /** The most bytes of one file of this field. */
  readonly maxSize: number
  /** Which option set `maxSize`, to name it when a file passes it. */
  readonly maxSizeFrom: 'maxSize' | 'fileSize'
  /** Accepted content types (lower case, `type/*` patterns), or `undefined` for any. */
  readonly accept: readonly string[] | undefined
}

/** A form field of text: a scalar (the last value sent) or a list (every value, in order). */
export interface PlainField {
  readonly kind: 'field'
  readonly name: string
  readonly list: boolean
  readonly required: boolean
}

export type FormField = FileField | PlainField

/** Options of request.parts(), compiled once per plan (busboy's limits and file rule). */
export interface PartsOptions {
  readonly limits: Readonly<Record<'fileSize' | 'files' | 'fields' | 'parts' | 'fieldSize' | 'headerSize', number>>
  readonly isPartAFile: (fieldName: string | undefined, contentType: string | undefined, filename: string | undefined) => boolean
  readonly throwFileSizeLimit: false
}

/**
 * A form schema compiled at registration: which fields take files (single, list, optional,
 * bytes; their limits and allow-lists) and which take text (scalar or list), what to do with
 * undeclared fields, and the route's limits. `readMultipart` walks it for each request.
 */
export interface FormPlan {
  /** The owner, for messages: `Route POST /items/`. */
  readonly where: string
  /** Every declared field by name. */
  readonly fields: ReadonlyMap<string, FormField>
  readonly files: readonly FileField[]
  readonly plain: readonly PlainField[]
  /**
   * Undeclared fields: `strip` (z.object, the default) drops them unread; `forbid`
   * (z.strictObject) keeps their names so validation refuses them (`extra_forbidden`);
   * `keep` (z.looseObject) keeps text ones. Undeclared files are never stored.
   */
  readonly extra: 'strip' | 'forbid' | 'keep'
  readonly limits: UploadLimits
  readonly partsOptions: PartsOptions
}

export interface CompileFormOptions {
  /** The owner, for messages: `Route POST /items/`. */
  where: string
  /** This form's own limits, checked and laid over `baseLimits`. */
  limits?: unknown
  /** The app-wide limits (default: DEFAULT_UPLOAD_LIMITS). */
  baseLimits?: UploadLimits
}

interface Def {
  type: string
  innerType?: z.core.$ZodType
  in?: z.core.$ZodType
  element?: z.core.$ZodType
  catchall?: z.core.$ZodType
  shape?: Record<string, z.core.$ZodType>
}

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def

// The wrappers that change whether a value may be missing, not what it is.
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'])

function unwrap (schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema
  for (;;) {
    const def = defOf(current)
    if (WRAPPERS.has(def.type) && def.innerType !== undefined) current = def.innerType
    else if (def.type === 'pipe' && def.in !== undefined) current = def.in
    else return current
  }
}

function isSchema (value: unknown): value is z.core.$ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value
}

// Whether a File() hides anywhere in `schema` (a union, an object, a tuple ...).
function containsFile (schema: z.core.$ZodType, seen: Set<unknown>): boolean {
  if (seen.has(schema)) return false
  seen.add(schema)
  if (fileSpecOf(schema) !== undefined) return true
  for (const value of Object.values(schema._zod.def)) {
    const children = isSchema(value) ? [value] : Array.isArray(value) ? value : (typeof value === 'object' && value !== null && !isSchema(value) ? Object.values(value) : [])
    for (const child of children) if (isSchema(child) && containsFile(child, seen)) return true
  }
  return false
}

/** Whether a form field takes files: `File()`, `File.bytes()` or a list of them, optional or not. */
export function takesFiles (schema: z.core.$ZodType): boolean {
  const core = unwrap(schema)
  if (fileSpecOf(core) !== undefined) return true
  const def = defOf(core)
  return def.type === 'array' && def.element !== undefined && fileSpecOf(unwrap(def.element)) !== undefined
}

/**
 * What a form field asks of its files, as text, for comparing two declarations of one field
 * (`''` for a text field): their JSON Schemas alike, `File()` and `File({ maxSize: 10 })` differ here.
 */
export function fileFieldKey (schema: z.core.$ZodType): string {
  if (!takesFiles(schema)) return ''
  const core = unwrap(schema)
  const def = defOf(core)
  const list = fileSpecOf(core) === undefined
  const spec = fileSpecOf(list ? unwrap(def.element as z.core.$ZodType) : core)
  return JSON.stringify({ file: spec?.kind, list, maxSize: spec?.maxSize, accept: spec?.accept })
}

function fieldOf (where: string, name: string, schema: z.core.$ZodType, limits: UploadLimits): FormField {
  // zod marks a field that may be left out: 'optional', or 'defaulted' (zod 4.6).
  const required = schema._zod.optin === undefined
  const core = unwrap(schema)
  const coreDef = defOf(core)
  let spec = fileSpecOf(core)
  let list = false
  if (spec === undefined && coreDef.type === 'array' && coreDef.element !== undefined) {
    spec = fileSpecOf(unwrap(coreDef.element))
    list = spec !== undefined
  }
  if (spec === undefined) {
    if (containsFile(core, new Set())) {
      throw new FFA_ERR_FORM_SCHEMA_INVALID(where, `form field '${name}': File() can be a field itself (File(), File().optional()) or the items of a list (z.array(File())), not part of a ${coreDef.type}. Give each file its own field.`)
    }
    const plainList = coreDef.type === 'array' || coreDef.type === 'set' || coreDef.type === 'tuple'
    return { kind: 'field', name, list: plainList, required }
  }
  return {
    kind: 'file',
    name,
    type: spec.kind,
    list,
    required,
    maxSize: spec.maxSize ?? limits.fileSize,
    maxSizeFrom: spec.maxSize === undefined ? 'fileSize' : 'maxSize',
    accept: spec.accept,
  }
}

/**
 * Compiles a form's schema, once, at registration. Refuses what a request could not fill
 * (a File() inside a union or an object) and bad limits, naming the field or option.
 *
 * @example
 * const plan = compileFormPlan(z.object({ title: z.string(), image: File() }), { where: 'Route POST /items/' })
 */
export function compileFormPlan (schema: unknown, options: CompileFormOptions): FormPlan {
  const { where } = options
  if (!isSchema(schema) || defOf(schema).type !== 'object') {
    throw new FFA_ERR_FORM_SCHEMA_INVALID(where, `'form' must be a zod object schema, z.object({ ... }), whose keys are the form field names; got ${isSchema(schema) ? `a zod ${defOf(schema).type} schema` : typeof schema}`)
  }
  const limits = resolveUploadLimits(where, options.limits, options.baseLimits ?? DEFAULT_UPLOAD_LIMITS)
  const fields = new Map<string, FormField>()
  const shape = defOf(schema).shape ?? {}
  for (const [name, fieldSchema] of Object.entries(shape)) fields.set(name, fieldOf(where, name, fieldSchema, limits))
  const catchall = defOf(schema).catchall
  const extra = catchall === undefined ? 'strip' : defOf(catchall).type === 'never' ? 'forbid' : 'keep'
  return buildPlan(where, fields, extra, limits)
}

function buildPlan (where: string, fields: ReadonlyMap<string, FormField>, extra: FormPlan['extra'], limits: UploadLimits): FormPlan {
  const files = [...fields.values()].filter((field): field is FileField => field.kind === 'file')
  const plain = [...fields.values()].filter((field): field is PlainField => field.kind === 'field')
  const largestFile = Math.max(limits.fileSize, ...files.map((field) => field.maxSize))
  const partsOptions: PartsOptions = {
    // One more than ours, so that the part passing a limit reaches the reader, which names
    // its field; busboy's own limits only stand behind it.
    limits: {
      fileSize: largestFile + 1,
      files: limits.files + 1,
      fields: limits.fields + 1,
      parts: limits.parts + 1,
      fieldSize: limits.fieldSize,
      headerSize: limits.headerSize + 1024,
    },
    // Starlette's rule: a part is a file when its disposition has a filename. (busboy's own
    // also takes any application/octet-stream part for one.)
    isPartAFile: (_name, _type, filename) => filename !== undefined,
    throwFileSizeLimit: false,
  }
  return Object.freeze({ where, fields, files, plain, extra, limits, partsOptions })
}

/**
 * Checks, at startup, what `compileFormPlan` cannot check at once: that each `accept` lists
 * types file-type recognises (it is loaded on first need, asynchronously).
 */
export async function checkFormPlan (plan: FormPlan): Promise<void> {
  for (const field of plan.files) {
    if (field.accept === undefined) continue
    const unknown = await unrecognisedTypes(field.accept)
    if (unknown.length > 0) {
      throw new FFA_ERR_OPTION_INVALID(`${plan.where}, form field '${field.name}'`, 'accept',
        `lists ${unknown.map((type) => `'${type}'`).join(', ')}, which cannot be told from a file's content (the file-type package recognises binary formats: images, audio, video, archives, documents). Leave such types out of accept and check those files yourself in the handler`)
    }
  }
}
