/**
 * A handler's docstring: the string that opens its body, as a Python docstring opens a
 * function's, and FastAPI's operation description by default.
 *
 *   async function create_item ({ body }) {
 *     `Create an item with all the information:
 *
 *     - **name**: each item must have a name`
 *     ...
 *   }
 *
 * Read from the function's source, once, when the document is built. Dedented like
 * Python's `inspect.cleandoc`, and cut at a form feed (`\f`) as FastAPI does.
 */
// 'use strict' and its kin are directives, not docstrings: skipped.
const DIRECTIVES = /^(?:\s*(['"])use [\w ]+\1\s*;?)+/

export function docstringOf (handler: (...args: never[]) => unknown): string | undefined {
  const source = Function.prototype.toString.call(handler)
  const body = bodyStart(source)
  if (body === undefined) return undefined
  // A string statement: the literal alone, ended by `;`, a line break or the body's end (not `'a,b'.split(',')`).
  const literal = /^\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.|\$(?!\{))*)`)[ \t]*(?:;|\n|\r|\})/.exec(source.slice(body).replace(DIRECTIVES, ''))
  if (literal === null) return undefined
  const raw = literal[1] ?? literal[2] ?? literal[3] ?? ''
  const text = unescape(raw).split('\f')[0] as string
  return cleandoc(text) || undefined
}

// Where the body's `{` is: after the parameter list (whose destructuring has braces of its
// own), past `=>` for an arrow. An arrow with an expression body has no docstring.
function bodyStart (source: string): number | undefined {
  let index = source.indexOf('(')
  const arrow = source.indexOf('=>')
  if (index === -1 || (arrow !== -1 && arrow < index)) {
    index = arrow === -1 ? -1 : arrow + 2 // `x => { ... }`
  } else {
    let depth = 0
    for (; index < source.length; index++) {
      const character = source[index]
      if (character === '(') depth++
      else if (character === ')' && --depth === 0) break
      else if (character === '"' || character === "'" || character === '`') index = skipString(source, index)
    }
    index++
  }
  if (index <= 0) return undefined
  const rest = /^\s*(?:=>\s*)?\{/.exec(source.slice(index))
  return rest === null ? undefined : index + rest[0].length
}

function skipString (source: string, start: number): number {
  const quote = source[start]
  for (let index = start + 1; index < source.length; index++) {
    if (source[index] === '\\') index++
    else if (source[index] === quote) return index
  }
  return source.length
}

function unescape (raw: string): string {
  return raw.replace(/\\(u\{[\da-fA-F]+\}|u[\da-fA-F]{4}|x[\da-fA-F]{2}|.)/gs, (_match, escape: string) => {
    if (escape.startsWith('u{')) return String.fromCodePoint(Number.parseInt(escape.slice(2, -1), 16))
    if (escape.startsWith('u') || escape.startsWith('x')) return String.fromCharCode(Number.parseInt(escape.slice(1), 16))
    return ({ n: '\n', t: '\t', r: '\r', f: '\f', b: '\b', v: '\v', 0: '\0' } as Record<string, string>)[escape] ?? escape
  })
}

// Python's inspect.cleandoc: the first line stripped, the common indentation of the others removed.
function cleandoc (text: string): string {
  const lines = text.replace(/\t/g, '        ').split('\n')
  const indents = lines.slice(1).filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length)
  const margin = indents.length === 0 ? 0 : Math.min(...indents)
  const cleaned = [(lines[0] as string).trim(), ...lines.slice(1).map((line) => line.slice(margin).trimEnd())]
  while (cleaned.length > 0 && cleaned[0] === '') cleaned.shift()
  while (cleaned.length > 0 && cleaned.at(-1) === '') cleaned.pop()
  return cleaned.join('\n')
}
