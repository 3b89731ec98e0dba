// Type tests: checked by `tsc` in `npm test`. A form schema with files infers UploadFile,
// Buffer, lists and optionals with no annotation; misuses do not compile.
import type { Readable } from 'node:stream'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { File, LocalFolderStorage, readMultipart, UploadFile, type FileStorage, type MultipartForm, type StoredFile } from '../../src/uploads/index.js'

const form = z.object({
  title: z.string(),
  image: File({ accept: ['image/png', 'image/jpeg', 'image/webp'], maxSize: 5 * 1024 * 1024 }),
  images: z.array(File()),
  avatar: File.bytes({ maxSize: 64 * 1024 }).optional(),
  cover: File().nullable().default(null),
  attachments: z.array(File()).default([]),
})
type Form = z.output<typeof form>

expectTypeOf<Form['title']>().toEqualTypeOf<string>()
expectTypeOf<Form['image']>().toEqualTypeOf<UploadFile>()
expectTypeOf<Form['images']>().toEqualTypeOf<UploadFile[]>()
expectTypeOf<Form['avatar']>().toEqualTypeOf<Buffer | undefined>()
expectTypeOf<Form['cover']>().toEqualTypeOf<UploadFile | null>()
expectTypeOf<Form['attachments']>().toEqualTypeOf<UploadFile[]>()

declare const image: UploadFile
expectTypeOf(image.filename).toEqualTypeOf<string>()
expectTypeOf(image.contentType).toEqualTypeOf<string>()
expectTypeOf(image.size).toEqualTypeOf<number>()
expectTypeOf(image.headers).toEqualTypeOf<Readonly<Record<string, string>>>()
expectTypeOf(image.detectedType).toEqualTypeOf<{ readonly mime: string, readonly ext: string } | undefined>()
expectTypeOf(image.stream()).toEqualTypeOf<Readable>()
expectTypeOf(image.bytes()).toEqualTypeOf<Promise<Buffer>>()
expectTypeOf(image.text()).toEqualTypeOf<Promise<string>>()
expectTypeOf(image.save(new LocalFolderStorage({ root: './media' }))).toEqualTypeOf<Promise<StoredFile>>()
expectTypeOf(image.moveTo('/srv/kept/1.png')).toEqualTypeOf<Promise<void>>()
expectTypeOf(readMultipart).returns.toEqualTypeOf<Promise<MultipartForm>>()

// A storage of one's own (an object store, say) is a class with four methods.
class MemoryStorage implements FileStorage {
  private readonly files = new Map<string, Buffer>()
  async save (source: Readable | AsyncIterable<Uint8Array>): Promise<StoredFile> {
    const chunks: Uint8Array[] = []
    for await (const chunk of source) chunks.push(chunk as Uint8Array)
    const key = String(this.files.size)
    this.files.set(key, Buffer.concat(chunks))
    return { key, size: this.files.get(key)?.length ?? 0, contentType: undefined }
  }

  async open (): Promise<Readable | null> { return null }
  async delete (key: string): Promise<boolean> { return this.files.delete(key) }
}
expectTypeOf(image.save(new MemoryStorage())).toEqualTypeOf<Promise<StoredFile>>()

// @ts-expect-error  File.bytes() needs maxSize: the whole file is held in memory
File.bytes({})
// @ts-expect-error  accept is a list of types, not one string
File({ accept: 'image/png' })
// @ts-expect-error  there is no minSize option
File({ minSize: 1 })
// @ts-expect-error  an UploadFile's size is read-only
image.size = 3
