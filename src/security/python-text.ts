// Python's idea of whitespace (str.split(), str.strip()), which JavaScript's \s does not quite
// match: Python counts \x1c-\x1f and \x85, and not \ufeff. FastAPI splits the OAuth2 `scope`
// with it, and Starlette strips cookie names and values with it.
const WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const RUNS = new RegExp(`[${WHITESPACE}]+`)
const EDGES = new RegExp(`^[${WHITESPACE}]+|[${WHITESPACE}]+$`, 'g')

/** Python's `text.split()`: the words between runs of whitespace, none for a blank text. */
export function pythonSplit (text: string): string[] {
  return text.split(RUNS).filter((word) => word !== '')
}

/** Python's `text.strip()`. */
export function pythonStrip (text: string): string {
  return text.replace(EDGES, '')
}

const QUOTED_ESCAPE = /\\(?:([0-3][0-7][0-7])|(.))/g

/**
 * Starlette's `cookie_parser` for one cookie: the value of the LAST cookie of that name
 * (it fills a dict in order), names and values stripped, a quoted value unquoted as
 * Python's `http.cookies._unquote` does (`"a\"b"` is `a"b`, `\012` a newline), nothing
 * percent-decoded.
 */
export function starletteCookie (header: string, name: string): string | undefined {
  let found: string | undefined
  for (const chunk of header.split(';')) {
    const equals = chunk.indexOf('=')
    const key = equals === -1 ? '' : pythonStrip(chunk.slice(0, equals))
    if (key !== name) continue
    found = unquote(pythonStrip(chunk.slice(equals + 1)))
  }
  return found
}

function unquote (value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value
  return value.slice(1, -1).replace(QUOTED_ESCAPE, (_match, octal: string | undefined, character: string) =>
    octal === undefined ? character : String.fromCharCode(Number.parseInt(octal, 8)))
}
