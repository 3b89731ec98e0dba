/** Where and why Python's `json` module refuses a text: FastAPI's `json_invalid` loc and `ctx.error`. */
export interface JsonDecodeError {
  position: number
  message: string
}

const WHITESPACE = ' \t\n\r'
const ESCAPES = '"\\/bfnrt'
const HEX4 = /^[0-9a-fA-F]{4}$/
// Python's NUMBER_RE: a fraction or an exponent without digits is not part of the number.
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y
const LITERALS = ['null', 'true', 'false']

class Stop {
  constructor (readonly position: number, readonly message: string) {}
}

function fail (message: string, position: number): never {
  throw new Stop(position, message)
}

/**
 * Finds the first error in a text that is not JSON, at the position and in the words of
 * Python's `json` module (3.13), as FastAPI reports it. V8's messages carry no position for
 * an unexpected token and place a bad literal at its last character, so they cannot be
 * translated. Runs only on a body `JSON.parse` refused. `undefined` when Python would parse it.
 */
export function findJsonDecodeError (text: string): JsonDecodeError | undefined {
  const skip = (from: number): number => {
    let index = from
    while (index < text.length && WHITESPACE.includes(text[index] as string)) index++
    return index
  }

  // Each reader takes the index where its value starts and returns the index after it.
  const string = (quote: number): number => {
    for (let index = quote + 1; index < text.length; index++) {
      const code = text.charCodeAt(index)
      if (code === 0x22) return index + 1
      if (code < 0x20) fail('Invalid control character at', index)
      if (code === 0x5c) {
        const escape = text[index + 1]
        if (escape === undefined) break
        if (escape === 'u') {
          if (!HEX4.test(text.slice(index + 2, index + 6))) fail('Invalid \\uXXXX escape', index + 1)
          index += 5
        } else if (ESCAPES.includes(escape)) {
          index += 1
        } else {
          fail('Invalid \\escape', index)
        }
      }
    }
    return fail('Unterminated string starting at', quote)
  }

  const object = (brace: number): number => {
    let index = skip(brace + 1)
    if (text[index] === '}') return index + 1
    for (;;) {
      if (text[index] !== '"') fail('Expecting property name enclosed in double quotes', index)
      index = skip(string(index))
      if (text[index] !== ':') fail("Expecting ':' delimiter", index)
      index = skip(value(skip(index + 1)))
      if (text[index] === '}') return index + 1
      if (text[index] !== ',') fail("Expecting ',' delimiter", index)
      const comma = index
      index = skip(index + 1)
      if (text[index] === '}') fail('Illegal trailing comma before end of object', comma)
    }
  }

  const array = (bracket: number): number => {
    let index = skip(bracket + 1)
    if (text[index] === ']') return index + 1
    for (;;) {
      index = skip(value(index))
      if (text[index] === ']') return index + 1
      if (text[index] !== ',') fail("Expecting ',' delimiter", index)
      const comma = index
      index = skip(index + 1)
      if (text[index] === ']') fail('Illegal trailing comma before end of array', comma)
    }
  }

  const value = (start: number): number => {
    const char = text[start]
    if (char === '"') return string(start)
    if (char === '{') return object(start)
    if (char === '[') return array(start)
    for (const literal of LITERALS) if (text.startsWith(literal, start)) return start + literal.length
    NUMBER.lastIndex = start
    const number = NUMBER.exec(text)
    return number === null ? fail('Expecting value', start) : start + number[0].length
  }

  try {
    const end = skip(value(skip(0)))
    if (end !== text.length) fail('Extra data', end)
    return undefined
  } catch (error) {
    if (error instanceof Stop) return { position: error.position, message: error.message }
    // Nesting deeper than the stack: Python gives up too (RecursionError).
    if (error instanceof RangeError) return { position: 0, message: 'Expecting value' }
    throw error
  }
}
