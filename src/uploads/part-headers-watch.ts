// busboy keeps at most `headerSize` bytes of a part's headers and silently drops the rest,
// so memory stays bounded but nobody learns that a limit was passed. This watch reads the same
// bytes beside it and tells: it finds each part's header block (after a delimiter, up to the
// blank line) and counts it. Bodies are skipped with Buffer#indexOf on the delimiter, which a
// body cannot contain (RFC 2046), so a large file costs one native scan per chunk.

const BODY = 0
const AFTER_DELIMITER = 1
const HEADERS = 2
const DONE = 3

const CR = 13
const LF = 10
const DASH = 45
// Enough of a header block to read the field's name for the 413's message.
const HEAD_BYTES = 1024
const NAME = /(?:^|[;\s])name\s*=\s*"([^"]*)"/i
const EMPTY = Buffer.alloc(0)

/** The boundary of a `multipart/form-data` Content-Type, or `undefined`. */
export function boundaryOf (contentType: string | undefined): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^";\s]+))/i.exec(contentType ?? '')
  return match === null ? undefined : (match[1] ?? match[2])
}

export class PartHeadersWatch {
  private readonly delimiter: Buffer
  private state = BODY
  // Body: the last bytes of the previous chunk, which may begin a delimiter. A body starts
  // as if after a CRLF, so that a delimiter at the very start (no preamble) is found too.
  private carry: Buffer = Buffer.from('\r\n')
  private dash = false
  private size = 0
  private matched = 0
  private readonly head = Buffer.alloc(HEAD_BYTES)
  private headLength = 0

  constructor (boundary: string, private readonly limit: number, private readonly exceeded: (field: string | undefined) => void) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1')
  }

  push (chunk: Buffer): void {
    let index = 0
    while (index < chunk.length) {
      if (this.state === BODY) index = this.body(chunk, index)
      else if (this.state === AFTER_DELIMITER) index = this.afterDelimiter(chunk, index)
      else if (this.state === HEADERS) index = this.headers(chunk, index)
      else return
    }
  }

  private body (chunk: Buffer, from: number): number {
    const length = this.delimiter.length
    if (this.carry.length > 0) {
      // A delimiter that began in the previous chunk ends within this one's first bytes.
      const window = Buffer.concat([this.carry, chunk.subarray(from, from + length - 1)])
      const at = window.indexOf(this.delimiter)
      const carried = this.carry.length
      if (at !== -1 && at < carried) {
        this.carry = EMPTY
        return this.enterAfterDelimiter(from + at + length - carried)
      }
    }
    const at = chunk.indexOf(this.delimiter, from)
    if (at !== -1) {
      this.carry = EMPTY
      return this.enterAfterDelimiter(at + length)
    }
    // Keep the last bytes that could begin a delimiter: copied, never the whole chunk.
    const keep = length - 1
    const rest = chunk.subarray(from)
    this.carry = rest.length >= keep
      ? Buffer.from(rest.subarray(rest.length - keep))
      : Buffer.concat([this.carry, rest]).subarray(-keep)
    return chunk.length
  }

  private enterAfterDelimiter (index: number): number {
    this.state = AFTER_DELIMITER
    this.dash = false
    return index
  }

  private afterDelimiter (chunk: Buffer, index: number): number {
    const byte = chunk[index] as number
    if (byte === DASH) {
      // "--" after a delimiter closes the body: nothing after it is read.
      if (this.dash) {
        this.state = DONE
        return chunk.length
      }
      this.dash = true
      return index + 1
    }
    this.state = HEADERS
    this.size = this.dash ? 1 : 0
    this.matched = 0
    this.headLength = 0
    return index
  }

  private headers (chunk: Buffer, from: number): number {
    for (let index = from; index < chunk.length; index++) {
      const byte = chunk[index] as number
      if (this.headLength < HEAD_BYTES) this.head[this.headLength++] = byte
      if (++this.size > this.limit) {
        this.state = DONE
        this.exceeded(NAME.exec(this.head.toString('utf8', 0, this.headLength))?.[1])
        return chunk.length
      }
      // The blank line (CRLF CRLF) ends the block.
      if (byte === (this.matched % 2 === 0 ? CR : LF)) this.matched++
      else this.matched = byte === CR ? 1 : 0
      if (this.matched === 4) {
        this.state = BODY
        return index + 1
      }
    }
    return chunk.length
  }
}
