import { HTTPException } from '../errors/http-exception.js'

// The answers to a multipart request past a limit: 413 in the error format, worded as
// Starlette words its 400s ("Too many files. Maximum number of files is 1000."), then the
// limit's option name and the field, so that the developer knows what to raise and the
// client what to shrink.

function where (limit: string, field: string | undefined): string {
  return field === undefined ? `(limit '${limit}')` : `(limit '${limit}', field '${field}')`
}

function size (bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}

export function tooMany (limit: 'files' | 'fields' | 'parts', maximum: number, field: string | undefined): HTTPException {
  return new HTTPException(413, `Too many ${limit}. Maximum number of ${limit} is ${maximum}. ${where(limit, field)}`)
}

export function fileTooLarge (limit: 'maxSize' | 'fileSize', maximum: number, field: string): HTTPException {
  return new HTTPException(413, `File too large. Maximum size of a file is ${size(maximum)}. ${where(limit, field)}`)
}

export function fieldTooLarge (maximum: number, field: string): HTTPException {
  return new HTTPException(413, `Field too large. Maximum size of a field is ${size(maximum)}. ${where('fieldSize', field)}`)
}

export function headersTooLarge (maximum: number, field: string | undefined): HTTPException {
  return new HTTPException(413, `Part headers too large. Maximum size of a part's headers is ${size(maximum)}. ${where('headerSize', field)}`)
}

/** FastAPI's answer to a body it cannot parse (its request handler's `except Exception`). */
export function parseError (): HTTPException {
  return new HTTPException(400, 'There was an error parsing the body')
}
