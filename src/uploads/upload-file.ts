import { createReadStream } from 'node:fs'
import { constants, copyFile, link, readFile, unlink } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { FileStorage, StoredFile } from './storage.js'

const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'ENOSYS'])

/** A file's type as read from its first bytes (the `file-type` package), when its field has `accept`. */
export interface DetectedType {
  /** The MIME type, such as `image/png`. */
  readonly mime: string
  /** The usual extension, without the dot, such as `png`. */
  readonly ext: string
}

/** What the multipart reader knows of one uploaded file. */
export interface UploadFileInit {
  fieldName: string
  filename: string
  contentType: string
  headers: Readonly<Record<string, string>>
  size: number
  /** The private temp file holding the bytes. */
  path: string
  detectedType?: DetectedType | undefined
}

/**
 * A file uploaded in a request: FastAPI's `UploadFile`, in TypeScript's terms. Its bytes are in a
 * private temp file (never whole in memory), removed once the response is over; read it with
 * `stream()`, or keep it with `save(storage)` or `moveTo(path)`.
 *
 * `filename` is the client's and only the client's word: never build a path from it.
 *
 * @example
 * app.api.post('/images/', { form: z.object({ image: File({ accept: ['image/png'] }) }) },
 *   async ({ form }) => {
 *     const stored = await form.image.save(storage)
 *     return { key: stored.key, filename: form.image.filename, size: form.image.size }
 *   })
 */
export class UploadFile {
  /** The form field the file came in. */
  readonly fieldName: string
  /** The name the client gave the file (its last path segment), `''` when it gave none. */
  readonly filename: string
  /** The part's `Content-Type`, as the client sent it (`text/plain` when it sent none, per RFC 7578). */
  readonly contentType: string
  /** The part's headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  /** The size in bytes. */
  readonly size: number
  /** The type read from the file's content, when its field declared `accept`; otherwise undefined. */
  readonly detectedType: DetectedType | undefined
  #path: string | null

  constructor (init: UploadFileInit) {
    this.fieldName = init.fieldName
    this.filename = init.filename
    this.contentType = init.contentType
    this.headers = init.headers
    this.size = init.size
    this.detectedType = init.detectedType
    this.#path = init.path
  }

  /** Where the bytes are now: the private temp file, until `moveTo` or the end of the response. */
  get path (): string {
    if (this.#path === null) throw new Error(`The upload '${this.fieldName}' was moved: read it where it was moved to.`)
    return this.#path
  }

  /** The file's bytes as a stream, from the start (each call opens a new one). */
  stream (): Readable {
    return createReadStream(this.path)
  }

  /** The whole file in memory: only for files whose size you have limited. */
  bytes (): Promise<Buffer> {
    return readFile(this.path)
  }

  /** The whole file as text (UTF-8 unless told otherwise). */
  text (encoding: BufferEncoding = 'utf8'): Promise<string> {
    return readFile(this.path, encoding)
  }

  /**
   * Streams the file into a storage under a new random key. The stored type is the detected one
   * when the field checked it, else the client's; the extension likewise comes from the content,
   * never from `filename`.
   */
  save (storage: FileStorage, options: { extension?: string } = {}): Promise<StoredFile> {
    const extension = options.extension ?? this.detectedType?.ext
    return storage.save(this.stream(), {
      contentType: this.detectedType?.mime ?? this.contentType,
      ...(extension === undefined ? {} : { extension }),
    })
  }

  /**
   * Moves the file to `destination`, which must not exist yet (it is never overwritten): a hard
   * link then an unlink on the same file system (atomic), a copy then an unlink across them.
   * Choose `destination` yourself; never build it from `filename`.
   */
  async moveTo (destination: string): Promise<void> {
    const source = this.path
    try {
      await link(source, destination)
    } catch (error) {
      // Another file system, or one without hard links: copy, still refusing to overwrite.
      if (!LINK_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error
      await copyFile(source, destination, constants.COPYFILE_EXCL)
    }
    this.#path = null
    await unlink(source)
  }
}
