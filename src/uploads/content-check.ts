import type { ValidationErrorItem } from '../errors/validation-item.js'
import type { DetectedType } from './upload-file.js'

type FileTypeModule = typeof import('file-type')

/**
 * How many first bytes of a file are read to tell its type: `file-type`'s
 * `reasonableDetectionSizeInBytes` (a test holds the two equal).
 */
export const SNIFF_BYTES = 4100

// Loaded on first need: importing file-type took 75-230 ms on a busy 2-core machine, which an
// app that never checks a file's type should not pay at startup.
let loading: Promise<FileTypeModule> | undefined

export function loadFileType (): Promise<FileTypeModule> {
  loading ??= import('file-type').catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

/** Starts loading file-type in the background (a field declared `accept`). */
export function preloadFileType (): void {
  loadFileType().catch(() => {})
}

/** The entries of `accept` that file-type cannot recognise from a file's content. */
export async function unrecognisedTypes (accept: readonly string[]): Promise<string[]> {
  const { supportedMimeTypes } = await loadFileType()
  const supported = [...supportedMimeTypes] as string[]
  return accept.filter((type) => type.endsWith('/*')
    ? !supported.some((mime) => mime.startsWith(type.slice(0, -1)))
    : !supported.includes(type))
}

// Other names clients use for the same content, so that `photo.jpeg` sent as `image/jpg` is
// not taken for a lie. Keyed by file-type's own mime and ext.
const TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['image/jpg', 'image/pjpeg'],
  'image/png': ['image/x-png'],
  'image/heic': ['image/heif'],
  'image/heif': ['image/heic'],
  'image/x-icon': ['image/vnd.microsoft.icon'],
  'audio/mpeg': ['audio/mp3'],
  'application/gzip': ['application/x-gzip'],
  'application/zip': ['application/x-zip-compressed'],
}
const EXT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  jpg: ['jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp'],
  tif: ['tiff'],
  heic: ['heif'],
  heif: ['heic'],
  mp4: ['m4v'],
  mov: ['qt'],
  mid: ['midi'],
  gz: ['gzip'],
}
// What a client sends when it does not know the type: no claim to check.
const UNKNOWN_TYPES = new Set(['', 'application/octet-stream'])

export function acceptsType (accept: readonly string[], mime: string): boolean {
  for (const type of accept) {
    if (type === mime || (type.endsWith('/*') && mime.startsWith(type.slice(0, -1)))) return true
  }
  return false
}

/** pydantic quotes strings with single quotes and joins choices with commas and a final "or". */
function choices (values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`)
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
}

function extensionOf (filename: string): string | undefined {
  const dot = filename.lastIndexOf('.')
  return dot > 0 && dot < filename.length - 1 ? filename.slice(dot + 1).toLowerCase() : undefined
}

/** What was sent, as an item's `input`: the UploadFile's fields FastAPI would show. */
export interface SentFile {
  filename: string
  content_type: string
}

/**
 * Reads a file's type from its first bytes and checks it against `accept`, the Content-Type the
 * client sent and the filename's extension. Returns the detected type, or the validation item
 * that refuses the file: `file_type` (the content is not an accepted type) or
 * `file_type_mismatch` (an accepted content sent under another type or extension: a lie).
 */
export async function checkContent (head: Uint8Array, accept: readonly string[], sent: SentFile, loc: ReadonlyArray<string | number>): Promise<DetectedType | ValidationErrorItem> {
  const { fileTypeFromBuffer } = await loadFileType()
  const found = await fileTypeFromBuffer(head)
  if (found === undefined || !acceptsType(accept, found.mime)) {
    const expected = choices(accept)
    return {
      type: 'file_type',
      loc,
      msg: `File content should be of type ${expected}`,
      input: sent,
      ctx: { expected, detected: found?.mime ?? null },
    }
  }
  const detected: DetectedType = { mime: found.mime, ext: found.ext }
  const declared = (sent.content_type.split(';')[0] ?? '').trim().toLowerCase()
  if (!UNKNOWN_TYPES.has(declared) && declared !== detected.mime && !(TYPE_ALIASES[detected.mime]?.includes(declared) ?? false)) {
    return {
      type: 'file_type_mismatch',
      loc,
      msg: `File content is ${detected.mime}, but it was sent as ${declared}`,
      input: sent,
      ctx: { detected: detected.mime, content_type: declared },
    }
  }
  const extension = extensionOf(sent.filename)
  if (extension !== undefined && extension !== detected.ext && !(EXT_ALIASES[detected.ext]?.includes(extension) ?? false)) {
    return {
      type: 'file_type_mismatch',
      loc,
      msg: `File content is ${detected.mime}, but its name ends in .${extension}`,
      input: sent,
      ctx: { detected: detected.mime, extension },
    }
  }
  return detected
}
