import { unlink } from 'node:fs/promises'
import { addAbortSignal, type Readable } from 'node:stream'
import type { Multipart, MultipartFile, MultipartValue } from '@fastify/multipart'
import { RequestValidationError } from '../errors/validation-error.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { fieldTooLarge, fileTooLarge, tooMany } from './client-errors.js'
import { checkContent, SNIFF_BYTES, type SentFile } from './content-check.js'
import type { FileField, FormPlan } from './form-plan.js'
import type { UploadArea } from './temp-area.js'
import { UploadFile, type DetectedType } from './upload-file.js'
import { writeNewFile } from './write-new-file.js'

// One part at a time, as @fastify/multipart hands them over: counted against the limits,
// text collected, files of declared fields spooled to temp files (their bytes counted and
// their first bytes checked on the way), every other file dropped unread.

/** A multipart request as read: its values by field name, and the temp files behind them. */
export interface MultipartForm {
  /**
   * By field name (no prototype): a declared file field holds its UploadFile or Buffer (the last
   * one sent), a list file field an array of them; text fields hold their string, or an array
   * when the key was repeated (coerce them as query values: the last for a scalar, every one
   * for a list). A field sent empty where a file belongs is absent (FastAPI: missing).
   */
  readonly values: Record<string, unknown>
  /** Every UploadFile of the request. */
  readonly files: readonly UploadFile[]
  /** Removes the temp files now; it also runs by itself once the response is over. */
  dispose (): Promise<void>
}

/** What stands in for a file that was not kept (undeclared, or sent where text belongs), for validation to name. */
export interface DroppedFile {
  filename: string
  content_type: string
}

export class Form implements MultipartForm {
  readonly values: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  readonly files: UploadFile[] = []
  private readonly paths: string[] = []

  track (path: string): void {
    this.paths.push(path)
  }

  async dispose (): Promise<void> {
    // A moved file is gone from its temp path already: ENOENT is fine.
    const paths = this.paths.splice(0)
    await Promise.all(paths.map((path) => unlink(path).catch(() => {})))
  }
}

// busboy hands over a part's name, filename and type, not its raw headers: these two are
// rebuilt, quotes escaped as browsers escape them (%22).
function partHeaders (part: MultipartFile): Record<string, string> {
  const quoted = (value: string): string => `"${value.replaceAll('"', '%22')}"`
  const disposition = `form-data; name=${quoted(part.fieldname)}; filename=${quoted(part.filename)}`
  return { 'content-disposition': disposition, 'content-type': part.mimetype }
}

// Errors of the server's own making while it read (file-type failing): a 500, logged, not a 400.
const serverFaults = new WeakSet<object>()

/** Whether `error` is of the server's own making (a 500), not the client's. */
export function isServerFault (error: unknown): boolean {
  return typeof error === 'object' && error !== null && serverFaults.has(error)
}

export class PartReader {
  private files = 0
  private fields = 0
  private parts = 0

  constructor (
    private readonly plan: FormPlan,
    private readonly area: UploadArea,
    private readonly form: Form,
    private readonly signal: AbortSignal,
  ) {}

  async read (part: Multipart): Promise<void> {
    const limits = this.plan.limits
    this.parts++
    if (part.type === 'file') {
      if (++this.files > limits.files) throw tooMany('files', limits.files, part.fieldname)
      if (this.parts > limits.parts) throw tooMany('parts', limits.parts, part.fieldname)
      await this.file(part)
    } else {
      if (++this.fields > limits.fields) throw tooMany('fields', limits.fields, part.fieldname)
      if (this.parts > limits.parts) throw tooMany('parts', limits.parts, part.fieldname)
      if (part.valueTruncated) throw fieldTooLarge(limits.fieldSize, part.fieldname)
      await this.field(part)
    }
  }

  private async field (part: MultipartValue): Promise<void> {
    const name = part.fieldname
    const field = this.plan.fields.get(name)
    // @fastify/multipart parses a part sent as application/json; a form's text value stays
    // text, as in FastAPI (its JSON, written again).
    const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value)
    if (field === undefined) {
      if (this.plan.extra !== 'strip') add(this.form.values, name, value)
      return
    }
    if (field.kind === 'field') {
      add(this.form.values, name, value)
      return
    }
    // Text where a file belongs. Empty is what a browser sends for a file input left empty,
    // and FastAPI (0.123) takes an empty form value for a missing one.
    if (value === '') return
    if (field.type === 'bytes' && typeof value === 'string') {
      // pydantic takes a str for bytes: so does File.bytes(), with the same limit and check.
      const bytes = Buffer.from(value)
      if (bytes.length > field.maxSize) throw fileTooLarge(field.maxSizeFrom, field.maxSize, name)
      const sent = { filename: '', content_type: part.mimetype }
      if (field.accept !== undefined) await check(field, bytes.subarray(0, SNIFF_BYTES), sent, this.locOf(field))
      this.put(field, bytes)
      return
    }
    // Validation refuses it, in FastAPI's words ("Expected UploadFile, received: <class 'str'>").
    this.put(field, value)
  }

  private async file (part: MultipartFile): Promise<void> {
    const name = part.fieldname
    const field = this.plan.fields.get(name)
    const sent: SentFile = { filename: part.filename, content_type: part.mimetype }
    const stream = addAbortSignal(this.signal, part.file)
    if (field === undefined || field.kind === 'field') {
      // Never stored: an undeclared file is dropped, its size still bounded.
      await drop(stream, this.plan.limits.fileSize, name)
      if (field !== undefined) add(this.form.values, name, droppedFile(sent))
      else if (this.plan.extra === 'forbid') add(this.form.values, name, droppedFile(sent))
      return
    }
    const loc = this.locOf(field)
    if (field.type === 'bytes') {
      const bytes = await collect(stream, field)
      if (bytes.length === 0 && part.filename === '') return
      if (field.accept !== undefined) await check(field, bytes.subarray(0, SNIFF_BYTES), sent, loc)
      this.put(field, bytes)
      return
    }
    const path = this.area.newPath()
    this.form.track(path)
    const meter = new Meter(field, sent, loc)
    // 0600: only this process's user reads it.
    await writeNewFile(path, stream, (source) => meter.through(source as AsyncIterable<Buffer>), { mode: 0o600 })
    // A file input left empty in a browser form: no name, no bytes. Missing, as in FastAPI.
    if (meter.size === 0 && part.filename === '') return
    const file = new UploadFile({
      fieldName: name,
      filename: part.filename,
      contentType: part.mimetype,
      headers: partHeaders(part),
      size: meter.size,
      path,
      detectedType: meter.detected,
    })
    this.form.files.push(file)
    this.put(field, file)
  }

  // FastAPI's loc of a list's item carries its index.
  private locOf (field: FileField): Array<string | number> {
    if (!field.list) return ['body', field.name]
    const list = this.form.values[field.name]
    return ['body', field.name, Array.isArray(list) ? list.length : 0]
  }

  private put (field: FileField, value: unknown): void {
    const values = this.form.values
    if (!field.list) {
      values[field.name] = value
      return
    }
    const list = values[field.name]
    if (Array.isArray(list)) list.push(value)
    else values[field.name] = [value]
  }
}

function add (values: Record<string, unknown>, name: string, value: unknown): void {
  const previous = values[name]
  if (previous === undefined) values[name] = value
  else if (Array.isArray(previous)) previous.push(value)
  else values[name] = [previous, value]
}

function droppedFile (sent: SentFile): DroppedFile {
  return { filename: sent.filename, content_type: sent.content_type }
}

async function check (field: FileField, head: Uint8Array, sent: SentFile, loc: Array<string | number>): Promise<DetectedType> {
  let result: DetectedType | ValidationErrorItem
  try {
    result = await checkContent(head, field.accept as readonly string[], sent, loc)
  } catch (error) {
    if (typeof error === 'object' && error !== null) serverFaults.add(error)
    throw error
  }
  if ('loc' in result) throw new RequestValidationError([result])
  return result
}

async function drop (stream: Readable, maxSize: number, name: string): Promise<void> {
  let size = 0
  for await (const chunk of stream) {
    size += (chunk as Buffer).length
    if (size > maxSize) throw fileTooLarge('fileSize', maxSize, name)
  }
}

async function collect (stream: Readable, field: FileField): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    size += (chunk as Buffer).length
    if (size > field.maxSize) throw fileTooLarge(field.maxSizeFrom, field.maxSize, field.name)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks, size)
}

// Counts a file's bytes on their way to disk, refuses them past the field's limit, and checks
// the first ones against `accept` as soon as there are enough: a lying file is refused before
// the rest of it is written.
class Meter {
  size = 0
  detected: DetectedType | undefined

  constructor (private readonly field: FileField, private readonly sent: SentFile, private readonly loc: Array<string | number>) {}

  async * through (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const { field } = this
    let head: Buffer[] | null = field.accept === undefined ? null : []
    let headSize = 0
    for await (const chunk of source) {
      this.size += chunk.length
      if (this.size > field.maxSize) throw fileTooLarge(field.maxSizeFrom, field.maxSize, field.name)
      if (head !== null) {
        head.push(chunk)
        headSize += chunk.length
        if (headSize >= SNIFF_BYTES) {
          this.detected = await check(field, Buffer.concat(head, headSize).subarray(0, SNIFF_BYTES), this.sent, this.loc)
          head = null
        }
      }
      yield chunk
    }
    if (head !== null) this.detected = await check(field, Buffer.concat(head, headSize), this.sent, this.loc)
  }
}
