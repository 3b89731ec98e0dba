import { HTTPException } from '../errors/http-exception.js'

// The answers to a form past a limit (multipart or urlencoded): 413 in the error format,
// worded as Starlette words its 400s for a multipart form ("Too many files. Maximum number of
// files is 1000."), then the limit's option name and the field, so that the developer knows
// what to raise and the client what to shrink. 413 rather than Starlette's 400: the request
// is well formed, only too large.

// A client's field name goes into the answer: cut, so that a long one does not come back whole.
function fieldName (name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}...` : name
}

function where (limit: string, field: string | undefined): string {
  return field === undefined ? `(limit '${limit}')` : `(limit '${limit}', field '${fieldName(field)}')`
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
