import type { Readable } from 'node:stream'

/** A file a storage holds: its key (made by the storage, never by a client), size and type. */
export interface StoredFile {
  readonly key: string
  readonly size: number
  readonly contentType: string | undefined
}

export interface SaveOptions {
  /** The type to keep beside the bytes, for a storage that keeps one (object stores do). */
  contentType?: string
  /** An extension for the key (`png`, letters and digits only): take it from `detectedType.ext`. */
  extension?: string
}

/**
 * Where uploads are kept. `save` streams a file in under a new random key; `open` and `delete`
 * take that key back (an unknown or malformed key is `null` / `false`, so a key read from a
 * request can be passed as it is: it never reaches outside the storage). `LocalFolderStorage`
 * is the default; an S3-compatible one is a few lines (see the README).
 */
export interface FileStorage {
  save (source: Readable | AsyncIterable<Uint8Array>, options?: SaveOptions): Promise<StoredFile>
  /** The stored bytes, or `null` when there is no file under this key. */
  open (key: string): Promise<Readable | null>
  /** Removes the file; `false` when there was none under this key. */
  delete (key: string): Promise<boolean>
  /** Where clients can fetch the file, for a storage that serves its files itself. */
  url? (key: string): string | undefined
}
