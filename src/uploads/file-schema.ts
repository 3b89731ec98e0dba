import { z } from 'zod'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'
import { preloadFileType } from './content-check.js'
import { UploadFile } from './upload-file.js'

/** `File.bytes()` keeps the whole file in memory: its limit may not pass this. */
export const BYTES_MAX_SIZE = 16 * 1024 * 1024

export interface FileOptions {
  /**
   * The types the file's content may have, read from its first bytes (never from the name or
   * the Content-Type the client sent): MIME types such as `'image/png'`, or `'image/*'`.
   * Only types the `file-type` package recognises (binary formats) can be listed.
   */
  accept?: readonly string[]
  /** The most bytes this field's file may have; default: the route's `fileSize` limit. */
  maxSize?: number
}

export interface BytesOptions extends FileOptions {
  /** Required: the file is read whole into memory, so its size must be small (at most 16 MiB). */
  maxSize: number
}

/** What a `File()` or `File.bytes()` schema asks of its field. */
export interface FileSpec {
  /** `upload`: an `UploadFile` backed by a temp file; `bytes`: a `Buffer`. */
  readonly kind: 'upload' | 'bytes'
  readonly maxSize: number | undefined
  /** Lower-case MIME types and `type/*` patterns, or `undefined` for any content. */
  readonly accept: readonly string[] | undefined
}

/** The schema `File()` makes: its output is an `UploadFile`. */
export type FileSchema = z.ZodCustom<UploadFile, UploadFile>
/** The schema `File.bytes()` makes: its output is a `Buffer`. */
export type BytesSchema = z.ZodCustom<Buffer, Buffer>

// Specs by the schema's check function, which zod keeps through .optional(), .describe(),
// .meta() and .refine() (clones share or copy the def, and its `fn` with it).
const specs = new WeakMap<object, FileSpec>()

// A MIME type or a `type/*` pattern (RFC 6838's restricted names).
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/(?:\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/

// pydantic names the received type this way in FastAPI's "Expected UploadFile, received: <class 'str'>".
function pythonType (value: unknown): string {
  if (typeof value === 'string') return "<class 'str'>"
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>"
  if (typeof value === 'boolean') return "<class 'bool'>"
  if (value === null || value === undefined) return "<class 'NoneType'>"
  if (Array.isArray(value)) return "<class 'list'>"
  if (Buffer.isBuffer(value)) return "<class 'bytes'>"
  return "<class 'dict'>"
}

function checkOptions (where: string, options: unknown, bytes: boolean): FileSpec {
  if (options === undefined && !bytes) return { kind: 'upload', maxSize: undefined, accept: undefined }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new FFA_ERR_OPTION_INVALID(where, '(options)', `must be an object such as { maxSize: 1024 * 1024 }; got ${describeValue(options)}`)
  }
  const { accept, maxSize, ...rest } = options as Record<string, unknown>
  const unknown = Object.keys(rest)[0]
  if (unknown !== undefined) throw new FFA_ERR_OPTION_INVALID(where, unknown, 'is not an option; the options are: accept, maxSize')
  if (bytes && maxSize === undefined) {
    throw new FFA_ERR_OPTION_INVALID(where, 'maxSize', `is required: File.bytes() reads the whole file into memory, so give it a small limit (File.bytes({ maxSize: 64 * 1024 })), or use File() for an UploadFile kept on disk`)
  }
  if (maxSize !== undefined) {
    if (!Number.isSafeInteger(maxSize) || (maxSize as number) < 1) {
      throw new FFA_ERR_OPTION_INVALID(where, 'maxSize', `must be a whole number of bytes of at least 1, such as 5 * 1024 * 1024; got ${describeValue(maxSize)}`)
    }
    if (bytes && (maxSize as number) > BYTES_MAX_SIZE) {
      throw new FFA_ERR_OPTION_INVALID(where, 'maxSize', `must be at most ${BYTES_MAX_SIZE} (16 MiB): File.bytes() holds the whole file in memory, once per request. For larger files use File(), an UploadFile streamed to disk; got ${maxSize}`)
    }
  }
  return { kind: bytes ? 'bytes' : 'upload', maxSize: maxSize as number | undefined, accept: accept === undefined ? undefined : checkAccept(where, accept) }
}

function checkAccept (where: string, accept: unknown): readonly string[] {
  if (!Array.isArray(accept) || accept.length === 0) {
    throw new FFA_ERR_OPTION_INVALID(where, 'accept', `must be a non-empty array of MIME types, such as ['image/png', 'image/jpeg'] (leave it out to take any file); got ${describeValue(accept)}`)
  }
  const types = accept.map((entry: unknown) => {
    const type = typeof entry === 'string' ? entry.trim().toLowerCase() : entry
    if (typeof type === 'string' && type.startsWith('*/')) {
      throw new FFA_ERR_OPTION_INVALID(where, 'accept', `cannot list '${type}': leave accept out to take any file`)
    }
    if (typeof type !== 'string' || !MIME.test(type)) {
      throw new FFA_ERR_OPTION_INVALID(where, 'accept', `must list MIME types such as 'image/png', or patterns such as 'image/*'; got ${describeValue(entry)}`)
    }
    return type
  })
  // Loaded now, in the background, so that the first upload does not wait for it.
  preloadFileType()
  return Object.freeze([...new Set(types)])
}

function fileSchema<TValue> (spec: FileSpec, check: (value: unknown) => value is TValue, expected: string): z.ZodCustom<TValue, TValue> {
  // A function of its own per schema (it is the key of the spec). A field left out is zod's
  // `invalid_type` with no input, which the 422 names `missing` as pydantic does (the custom
  // check's own issue would be a `value_error`); a value of the wrong kind gets FastAPI's words.
  const schema = z.custom<TValue>((value) => value === undefined || check(value), {
    error: (issue) => `Expected ${expected}, received: ${pythonType(issue.input)}`,
  }).superRefine((value, context) => {
    if (value === undefined) context.addIssue({ code: 'invalid_type', expected: 'object', input: value })
  })
  specs.set(schema._zod.def.fn, spec)
  return schema
}

/**
 * A form field that takes a file: FastAPI's `File()` with an `UploadFile` parameter. The handler
 * gets an `UploadFile` (its bytes in a private temp file, never whole in memory).
 * `z.array(File())` takes several files in one field, `File().optional()` makes it optional.
 *
 * @example
 * const form = z.object({
 *   title: z.string(),
 *   image: File({ accept: ['image/png', 'image/jpeg', 'image/webp'], maxSize: 5 * 1024 * 1024 }),
 *   attachments: z.array(File()).default([]),
 * })
 */
export function File (options?: FileOptions): FileSchema {
  return fileSchema(checkOptions('File()', options, false), isUploadFile, 'UploadFile')
}

/**
 * A form field whose small file arrives whole, as a `Buffer`: FastAPI's `bytes = File()`.
 * `maxSize` is required (at most 16 MiB): this is the only way a file is ever whole in memory.
 *
 * @example
 * const form = z.object({ avatar: File.bytes({ maxSize: 256 * 1024, accept: ['image/png'] }) })
 */
File.bytes = function bytes (options: BytesOptions): BytesSchema {
  return fileSchema(checkOptions('File.bytes()', options, true), Buffer.isBuffer, 'bytes')
}

function isUploadFile (value: unknown): value is UploadFile {
  return value instanceof UploadFile
}

/** What a schema made by `File()` or `File.bytes()` asks of its field; `undefined` for any other schema. */
export function fileSpecOf (schema: z.core.$ZodType): FileSpec | undefined {
  const def = schema._zod.def as { type: string, fn?: unknown }
  return def.type === 'custom' && typeof def.fn === 'function' ? specs.get(def.fn) : undefined
}
