import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'

/**
 * What one multipart request may hold. Past any of them the request is refused with 413
 * `{"detail": "..."}` naming the limit and the field, as soon as the part that passes it
 * arrives (the rest of the body is read and dropped, never stored).
 */
export interface UploadLimits {
  /** Bytes of one file, for a file field without its own `maxSize` (and undeclared files, dropped). */
  readonly fileSize: number
  /** Files (parts with a filename). */
  readonly files: number
  /** Non-file fields. */
  readonly fields: number
  /** Bytes of one non-file field's value. */
  readonly fieldSize: number
  /** Parts, files and fields together. */
  readonly parts: number
  /** Bytes of one part's header block. */
  readonly headerSize: number
}

export type UploadLimitName = keyof UploadLimits

/**
 * The defaults, in Starlette's spirit: its MultiPartParser's 1,000 files, 1,000 fields and
 * 1 MiB per non-file part (`max_part_size`); @fastify/multipart's 1,000 parts. Starlette has no
 * file size limit (FastAPI's users have asked for one for years): ours is 10 MiB, a photo or a
 * document; raise it per field with `File({ maxSize })` or per route.
 */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({
  fileSize: 10 * 1024 * 1024,
  files: 1000,
  fields: 1000,
  fieldSize: 1024 * 1024,
  parts: 1000,
  // A part's headers are a disposition and a type, under 1 KiB; Node's own limit for a
  // request's head is 16 KiB, and so is ours for a part's.
  headerSize: 16 * 1024,
})

const NAMES = Object.keys(DEFAULT_UPLOAD_LIMITS) as UploadLimitName[]

/**
 * Checks limits given as options (app-wide or on one route) and lays them over `base`.
 * `where` names the owner in errors (`'Route POST /items/'`, `'fastify-fastapi/routing'`),
 * `option` the option they were given as (`formLimits` on a route and the routing plugin).
 */
export function resolveUploadLimits (where: string, options: unknown, base: UploadLimits = DEFAULT_UPLOAD_LIMITS, option = 'limits'): UploadLimits {
  if (options === undefined) return base
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new FFA_ERR_OPTION_INVALID(where, option, `must be an object such as { fileSize: 5 * 1024 * 1024, files: 10 }; got ${describeValue(options)}`)
  }
  const limits: Record<string, number> = { ...base }
  for (const [name, value] of Object.entries(options)) {
    if (!NAMES.includes(name as UploadLimitName)) {
      throw new FFA_ERR_OPTION_INVALID(where, `${option}.${name}`, `is not ${option === 'limits' ? 'an upload' : 'a form'} limit; the limits are: ${NAMES.join(', ')}`)
    }
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
      throw new FFA_ERR_OPTION_INVALID(where, `${option}.${name}`, `must be a whole number of at least 1 (default ${DEFAULT_UPLOAD_LIMITS[name as UploadLimitName]}); got ${describeValue(value)}`)
    }
    limits[name] = value as number
  }
  return Object.freeze(limits) as unknown as UploadLimits
}
