import { HTTPException } from './http-exception.js'

/**
 * A body that cannot be read as JSON at all: invalid UTF-8, or nested deeper than the limit.
 * FastAPI answers what its JSON decoder refuses other than a syntax error with this 400
 * (`HTTPException(400, "There was an error parsing the body")`); a syntax error stays a 422
 * `json_invalid`. An `HTTPException`, so a handler for `HTTPException` sees it, as in FastAPI.
 */
export class BodyParseError extends HTTPException {
  /** Why, for the log; the client is told only FastAPI's sentence. */
  readonly reason: string

  constructor (reason: string) {
    super(400, 'There was an error parsing the body')
    this.name = 'BodyParseError'
    this.reason = reason
  }
}
