import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, unlink } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'
import type { FileStorage, SaveOptions, StoredFile } from './storage.js'
import { writeNewFile } from './write-new-file.js'

// Keys are 128 random bits in hex, with an optional short extension: nothing a client chose,
// no dot-name, no separator, so a key can never name a path outside the folder.
const KEY = /^[0-9a-f]{32}(?:\.[a-z0-9]{1,10})?$/
const EXTENSION = /^[a-z0-9]{1,10}$/

export interface LocalFolderStorageOptions {
  /** The folder to keep files in; made on the first save when missing. */
  root: string
  /** The URL prefix the folder is served under (`/media`), for `url(key)`. */
  baseUrl?: string
  /** The stored files' mode; default 0o600 (only the app's user reads them). */
  fileMode?: number
}

/**
 * Keeps uploads in a local folder under random names. Each file is written to a temp name in
 * the same folder, flushed to disk, then renamed into place, so a key either names a whole
 * file or nothing (a crash mid-upload leaves a `.tmp-` file, never a half file under a key).
 *
 * @example
 * const storage = new LocalFolderStorage({ root: './media', baseUrl: '/media' })
 * const stored = await form.image.save(storage)   // { key: '3f2a...9c.png', size, contentType }
 */
export class LocalFolderStorage implements FileStorage {
  readonly root: string
  private readonly baseUrl: string | undefined
  private readonly fileMode: number
  private made: Promise<unknown> | null = null

  constructor (options: LocalFolderStorageOptions) {
    const where = 'LocalFolderStorage'
    if (typeof options?.root !== 'string' || options.root === '') {
      throw new FFA_ERR_OPTION_INVALID(where, 'root', `must be the path of a folder; got ${describeValue(options?.root)}`)
    }
    if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string') {
      throw new FFA_ERR_OPTION_INVALID(where, 'baseUrl', `must be a URL prefix such as '/media'; got ${describeValue(options.baseUrl)}`)
    }
    if (options.fileMode !== undefined && (!Number.isInteger(options.fileMode) || options.fileMode < 0 || options.fileMode > 0o777)) {
      throw new FFA_ERR_OPTION_INVALID(where, 'fileMode', `must be a file mode such as 0o600; got ${describeValue(options.fileMode)}`)
    }
    this.root = path.resolve(options.root)
    this.baseUrl = options.baseUrl?.replace(/\/+$/, '')
    this.fileMode = options.fileMode ?? 0o600
  }

  async save (source: Readable | AsyncIterable<Uint8Array>, options: SaveOptions = {}): Promise<StoredFile> {
    const extension = extensionOf(options.extension)
    this.made ??= mkdir(this.root, { recursive: true })
    await this.made
    const id = randomBytes(16).toString('hex')
    const key = extension === undefined ? id : `${id}.${extension}`
    const temp = path.join(this.root, `.tmp-${id}`)
    let size = 0
    try {
      // flush: on disk before the rename.
      await writeNewFile(temp, source, async function * (chunks) {
        for await (const chunk of chunks) {
          size += chunk.length
          yield chunk
        }
      }, { mode: this.fileMode, flush: true })
      await rename(temp, path.join(this.root, key))
    } catch (error) {
      await unlink(temp).catch(() => {})
      throw error
    }
    return { key, size, contentType: options.contentType }
  }

  async open (key: string): Promise<Readable | null> {
    if (!isKey(key)) return null
    try {
      const handle = await open(path.join(this.root, key), 'r')
      return handle.createReadStream()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  async delete (key: string): Promise<boolean> {
    if (!isKey(key)) return false
    try {
      await unlink(path.join(this.root, key))
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  }

  url (key: string): string | undefined {
    return this.baseUrl === undefined || !isKey(key) ? undefined : `${this.baseUrl}/${key}`
  }
}

function isKey (key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key)
}

function extensionOf (extension: string | undefined): string | undefined {
  if (extension === undefined) return undefined
  const bare = typeof extension === 'string' ? extension.replace(/^\./, '').toLowerCase() : extension
  if (typeof bare !== 'string' || !EXTENSION.test(bare)) {
    throw new FFA_ERR_OPTION_INVALID('LocalFolderStorage.save()', 'extension', `must be 1 to 10 letters or digits, such as 'png' (take it from file.detectedType.ext, never from the client's filename); got ${describeValue(extension)}`)
  }
  return bare
}
