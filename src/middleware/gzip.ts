import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject, describeValue } from '../shared/options.js'

export const GZIP_PLUGIN = 'fastify-fastapi/gzip'

/** Options of `GZipMiddleware`: Starlette's `GZipMiddleware` arguments, in camelCase. */
export interface GZipOptions {
  /** Responses smaller than this many bytes are sent as they are: 500. A stream is always compressed. */
  minimumSize?: number
  /** zlib's level, from 1 (fastest) to 9 (smallest), 0 for none, -1 for zlib's default (6): 9, as Starlette. */
  compressLevel?: number
  /**
   * Bodies of at least this many bytes are compressed on libuv's thread pool rather than on
   * the event loop (Starlette 1.4's `thread_minimum_size`): 131 072 (128 KiB).
   */
  threadMinimumSize?: number
  /**
   * Media types never compressed (already compressed, or streamed event by event), `type/*`
   * for a whole type: Starlette's list, `text/event-stream`, images, audio, video, fonts and archives.
   */
  excludeContentTypes?: readonly string[]
}

/** Starlette 1.7's `DEFAULT_EXCLUDED_CONTENT_TYPES`. */
export const DEFAULT_EXCLUDED_CONTENT_TYPES: readonly string[] = Object.freeze([
  'application/gzip',
  'application/x-gzip',
  'application/zip',
  'audio/*',
  'font/woff',
  'font/woff2',
  'image/avif',
  'image/gif',
  'image/jpeg',
  'image/png',
  'image/webp',
  'text/event-stream',
  'video/*',
])

export interface GZipPolicy {
  minimumSize: number
  compressLevel: number
  threadMinimumSize: number
  /** Lower-cased media types, without parameters. */
  excluded: ReadonlySet<string>
  /** `Content-Type` values already judged: whether each is excluded. */
  judged: Map<string, boolean>
}

const OPTIONS = ['minimumSize', 'compressLevel', 'threadMinimumSize', 'excludeContentTypes']
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/(?:[\w!#$&^.+-]+|\*)$/

function invalid (option: string, problem: string): never {
  throw new FFA_ERR_OPTION_INVALID(GZIP_PLUGIN, option, problem)
}

function checkBytes (option: string, value: unknown, example: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) invalid(option, `must be a whole number of bytes, 0 or more, like ${example}; got ${describeValue(value)}`)
  return value as number
}

/** Checks `GZipMiddleware`'s options once, at registration, and fills in Starlette's defaults. */
export function compileGzipPolicy (opts: GZipOptions | undefined): GZipPolicy {
  const given = checkOptionsObject(GZIP_PLUGIN, opts, OPTIONS) as GZipOptions
  const minimumSize = checkBytes('minimumSize', given.minimumSize ?? 500, '500')
  const threadMinimumSize = checkBytes('threadMinimumSize', given.threadMinimumSize ?? 128 * 1024, '131072 (128 KiB)')
  const compressLevel = given.compressLevel ?? 9
  if (!Number.isInteger(compressLevel) || compressLevel < -1 || compressLevel > 9) {
    invalid('compressLevel', `must be zlib's level, an integer from 1 (fastest) to 9 (smallest), 0 or -1 (zlib's default); got ${describeValue(compressLevel)}`)
  }
  const types = given.excludeContentTypes ?? DEFAULT_EXCLUDED_CONTENT_TYPES
  if (!Array.isArray(types)) invalid('excludeContentTypes', `must be an array of media types, like ['image/png', 'video/*']; got ${describeValue(types)}`)
  const excluded = new Set(types.map((type: unknown, index) => {
    const bare = typeof type === 'string' ? type.split(';', 1)[0]?.trim().toLowerCase() : undefined
    if (bare === undefined || !MEDIA_TYPE.test(bare)) invalid(`excludeContentTypes[${index}]`, `must be a media type, like 'image/png' or 'video/*'; got ${describeValue(type)}`)
    return bare
  }))
  return Object.freeze({ minimumSize, compressLevel, threadMinimumSize, excluded, judged: new Map<string, boolean>() })
}

// Content types judged and kept per policy: past this many, the others are judged every time.
const JUDGED_TYPES = 64

/** Whether a response of this `Content-Type` is left as it is (Starlette matches `type/subtype` and `type/*`). */
export function isExcludedType (policy: GZipPolicy, contentType: unknown): boolean {
  if (typeof contentType !== 'string') return false
  // An app answers with a few content types, each judged once.
  let excluded = policy.judged.get(contentType)
  if (excluded === undefined) {
    const mediaType = (contentType.split(';', 1)[0] as string).trim().toLowerCase()
    const slash = mediaType.indexOf('/')
    excluded = policy.excluded.has(mediaType) || (slash !== -1 && policy.excluded.has(`${mediaType.slice(0, slash)}/*`))
    if (policy.judged.size < JUDGED_TYPES) policy.judged.set(contentType, excluded)
  }
  return excluded
}

/**
 * Whether `Accept-Encoding` takes gzip: `gzip` or `x-gzip`, else `*`, with a weight above 0.
 * (Starlette looks for the text "gzip" anywhere, so it also compresses for `gzip;q=0`,
 * which RFC 9110 says refuses gzip: here a refusal is honoured.)
 */
export function acceptsGzip (header: string | undefined): boolean {
  if (header === undefined) return false
  let star: boolean | undefined
  for (const entry of header.split(',')) {
    const [coding = '', ...params] = entry.split(';')
    const name = coding.trim().toLowerCase()
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue
    let weight = 1
    for (const param of params) {
      const [key = '', value = ''] = param.split('=')
      if (key.trim().toLowerCase() === 'q') weight = Number(value.trim())
    }
    const accepted = weight > 0
    if (name !== '*') return accepted
    star = accepted
  }
  return star === true
}
