import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * A private folder for the temp files of uploads: made by mkdtemp (mode 0700, a random name),
 * its files named at random and written with mode 0600, so no other user of the machine can
 * list or read them and no client's filename ever becomes a path.
 */
export interface UploadArea {
  readonly dir: string
  /** A new path in the folder, for one file. */
  newPath (): string
  /** Removes the folder and whatever is left in it (at the app's close). */
  close (): Promise<void>
}

/** Makes the private folder, under `parent` (default: the OS temp folder). */
export async function openUploadArea (parent: string = tmpdir()): Promise<UploadArea> {
  const dir = await mkdtemp(path.join(parent, 'fastify-fastapi-uploads-'))
  return {
    dir,
    newPath: () => path.join(dir, randomBytes(16).toString('hex')),
    close: () => rm(dir, { recursive: true, force: true }),
  }
}

/**
 * The private folder, made on first need (the first file stored), so that an app whose forms
 * never receive a file makes none. Made with mkdtempSync: once per app, on the first upload.
 */
export function lazyUploadArea (parent?: string): UploadArea & { removeSync (): void } {
  let dir: string | undefined
  const made = (): string => (dir ??= mkdtempSync(path.join(parent ?? tmpdir(), 'fastify-fastapi-uploads-')))
  return {
    get dir () { return made() },
    newPath: () => path.join(made(), randomBytes(16).toString('hex')),
    close: async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    },
    removeSync: () => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    },
  }
}
